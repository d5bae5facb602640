# The install tests' fixture (cmake -P): builds what the package holds, the package itself
# (CPack, as `make package` does), and unpacks it into ROOT with dpkg-deb -x.
#   -DBUILD_DIR=<build tree> -DDEB=<the .deb it makes> -DROOT=<where to unpack it>
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " line "${ARGN}")
    message(FATAL_ERROR "${line}: exit ${rc}")
  endif()
endfunction()

run(${CMAKE_COMMAND} --build ${BUILD_DIR} --target magritte magritte_vision magritte_install_files)
file(REMOVE ${DEB})
run(${CMAKE_COMMAND} --build ${BUILD_DIR} --target package)
if(NOT EXISTS ${DEB})
  message(FATAL_ERROR "cpack did not write ${DEB}")
endif()
file(REMOVE_RECURSE ${ROOT})
file(MAKE_DIRECTORY ${ROOT})
run(dpkg-deb -x ${DEB} ${ROOT})
