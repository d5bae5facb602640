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
# meta package does, and it drags in the GUI/video stack), so locate the four modules we use.
# Only the dlopen'ed vision module links OpenCV: loading libopencv_imgcodecs costs ~70 ms
# (it pulls GDAL), which would break the 20 ms startup budget of every other command.
find_path(OPENCV_INCLUDE_DIR opencv2/core.hpp PATH_SUFFIXES opencv4 REQUIRED)
add_library(magritte_opencv INTERFACE)
target_include_directories(magritte_opencv SYSTEM INTERFACE ${OPENCV_INCLUDE_DIR})
foreach(module dnn imgcodecs imgproc core)
  find_library(OPENCV_${module}_LIBRARY opencv_${module} REQUIRED)
  target_link_libraries(magritte_opencv INTERFACE ${OPENCV_${module}_LIBRARY})
endforeach()

if(MAGRITTE_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
