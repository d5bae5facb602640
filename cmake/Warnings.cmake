# Compiler warnings and sanitizers as INTERFACE targets, linked by every magritte target.
add_library(magritte_warnings INTERFACE)
target_compile_options(magritte_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wimplicit-fallthrough)

add_library(magritte_sanitizers INTERFACE)
if(MAGRITTE_SANITIZE)
  target_compile_options(magritte_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(magritte_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
# Fuzz builds (clang): every library gets libFuzzer's coverage instrumentation and the
# sanitizers; only the fuzz/ executables link libFuzzer itself (-fsanitize=fuzzer).
if(MAGRITTE_FUZZ)
  target_compile_options(magritte_sanitizers INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(magritte_sanitizers INTERFACE -fsanitize=address,undefined)
endif()

add_library(magritte_options INTERFACE)
target_link_libraries(magritte_options INTERFACE magritte_warnings magritte_sanitizers)
