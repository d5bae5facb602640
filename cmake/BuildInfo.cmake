# magritte_build_info: what `magritte --version` says about the build (include/magritte/version.hpp).
# The commit is read at every build, not at configure time (cmake/WriteBuildInfo.cmake): a
# configure-time value would go stale at the next commit or checkout.
set(MAGRITTE_BUILD_INFO_CPP ${PROJECT_BINARY_DIR}/generated/build_info.cpp)
add_custom_target(magritte_build_info_file
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DOUTPUT=${MAGRITTE_BUILD_INFO_CPP}
          -DBUILD_TYPE=$<CONFIG> -DTEMPLATE=${PROJECT_SOURCE_DIR}/cmake/build_info.cpp.in
          -P ${PROJECT_SOURCE_DIR}/cmake/WriteBuildInfo.cmake
  BYPRODUCTS ${MAGRITTE_BUILD_INFO_CPP}
  VERBATIM)
add_library(magritte_build_info STATIC ${MAGRITTE_BUILD_INFO_CPP})
target_link_libraries(magritte_build_info PRIVATE magritte_includes)
add_dependencies(magritte_build_info magritte_build_info_file)
