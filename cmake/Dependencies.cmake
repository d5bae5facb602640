# Every dependency comes from a Debian package (scripts/install-deps installs them).
find_package(Threads REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(spdlog REQUIRED)
find_package(CURL REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS filesystem)
find_package(PkgConfig REQUIRED)

# CLI11 and toml++ are header-only; Debian ships their headers without a usable CMake package.
find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
add_library(magritte_cli11 INTERFACE)
target_include_directories(magritte_cli11 SYSTEM INTERFACE ${CLI11_INCLUDE_DIR})

find_path(TOMLPP_INCLUDE_DIR toml++/toml.h REQUIRED)
add_library(magritte_tomlpp INTERFACE)
target_include_directories(magritte_tomlpp SYSTEM INTERFACE ${TOMLPP_INCLUDE_DIR})

# OpenCV: Debian's per-module -dev packages ship no CMake config (only the libopencv-dev
# meta package does, and it drags in the GUI/video stack), so locate the modules we use.
# Only the dlopen'ed vision module links OpenCV, and not its image codecs: Debian's
# libopencv_imgcodecs links GDAL and loads 139 shared libraries (~120 ms), more than the whole
# budget of a one-image predict. JPEG and PNG are decoded with libjpeg-turbo and libpng
# directly; the rarer formats load imgcodecs on first use (src/vision/other_formats.cpp).
find_path(OPENCV_INCLUDE_DIR opencv2/core.hpp PATH_SUFFIXES opencv4 REQUIRED)
add_library(magritte_opencv INTERFACE)
target_include_directories(magritte_opencv SYSTEM INTERFACE ${OPENCV_INCLUDE_DIR})
foreach(module dnn imgproc core)
  find_library(OPENCV_${module}_LIBRARY opencv_${module} REQUIRED)
  target_link_libraries(magritte_opencv INTERFACE ${OPENCV_${module}_LIBRARY})
endforeach()
# imgcodecs: linked only by tests (their reference decoder and image maker); the module
# dlopen()s it by soname.
find_library(OPENCV_imgcodecs_LIBRARY opencv_imgcodecs REQUIRED)
execute_process(COMMAND objdump -p ${OPENCV_imgcodecs_LIBRARY} OUTPUT_VARIABLE imgcodecs_headers
                COMMAND_ERROR_IS_FATAL ANY)  # binutils: build-essential
string(REGEX MATCH "SONAME +([^\n]+)" _ "${imgcodecs_headers}")
set(OPENCV_IMGCODECS_SONAME ${CMAKE_MATCH_1})
if(NOT OPENCV_IMGCODECS_SONAME)
  message(FATAL_ERROR "no SONAME in ${OPENCV_imgcodecs_LIBRARY}")
endif()
add_library(magritte_opencv_imgcodecs INTERFACE)
target_link_libraries(magritte_opencv_imgcodecs INTERFACE magritte_opencv ${OPENCV_imgcodecs_LIBRARY})

# libjpeg-turbo (its JCS_EXT_BGR output) and libpng: the decoders OpenCV itself would use.
find_package(JPEG REQUIRED)
find_package(PNG REQUIRED)

if(MAGRITTE_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
