# cmake -P script, run at every build by the magritte_build_info_file target (cmake/BuildInfo.cmake):
# writes OUTPUT from cmake/build_info.cpp.in with the git commit the sources are at. The file
# is rewritten only when its text changes, so a build at the same commit recompiles nothing,
# and a build after a commit, checkout or edit can never show a stale commit.
#   -DSOURCE_DIR=<repository root> -DOUTPUT=<file> -DBUILD_TYPE=<config> -DTEMPLATE=<.in file>
set(MAGRITTE_GIT_COMMIT "unknown")
set(MAGRITTE_GIT_DATE "")
find_program(GIT_EXECUTABLE git)
if(GIT_EXECUTABLE)
  # Only the sources' own checkout counts: a release tarball unpacked inside some other
  # repository must say "unknown", not that repository's commit.
  execute_process(COMMAND ${GIT_EXECUTABLE} -C ${SOURCE_DIR} rev-parse --show-toplevel
                  OUTPUT_VARIABLE toplevel OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE failed ERROR_QUIET)
  file(REAL_PATH "${SOURCE_DIR}" source_real)
  if(NOT failed AND EXISTS "${toplevel}")
    file(REAL_PATH "${toplevel}" toplevel)
  endif()
  if(NOT failed AND toplevel STREQUAL source_real)
    execute_process(COMMAND ${GIT_EXECUTABLE} -C ${SOURCE_DIR} log -1 --format=%H%n%cs
                    OUTPUT_VARIABLE head OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE failed ERROR_QUIET)
    if(NOT failed AND head MATCHES "^([0-9a-f]+)\n([0-9-]+)$")
      set(MAGRITTE_GIT_COMMIT "${CMAKE_MATCH_1}")
      set(MAGRITTE_GIT_DATE "${CMAKE_MATCH_2}")
      # Tracked files changed since that commit (untracked ones, build dirs among them, do not count).
      execute_process(COMMAND ${GIT_EXECUTABLE} -C ${SOURCE_DIR} status --porcelain --untracked-files=no
                      OUTPUT_VARIABLE changes RESULT_VARIABLE failed ERROR_QUIET)
      if(NOT failed AND NOT changes STREQUAL "")
        string(APPEND MAGRITTE_GIT_COMMIT "-dirty")
      endif()
    endif()
  endif()
endif()
set(MAGRITTE_BUILD_TYPE "${BUILD_TYPE}")
if(MAGRITTE_BUILD_TYPE STREQUAL "")
  set(MAGRITTE_BUILD_TYPE "none")
endif()
configure_file(${TEMPLATE} ${OUTPUT} @ONLY)
