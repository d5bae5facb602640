# cmake -P script: runs PROGRAM with ARGS (one string, split on spaces) and writes its stdout
# to OUTPUT, failing the build if the program fails. Used to generate the man page and the
# completion scripts from the built magritte itself (cmake/Install.cmake), without a shell.
separate_arguments(args UNIX_COMMAND "${ARGS}")
get_filename_component(dir "${OUTPUT}" DIRECTORY)
file(MAKE_DIRECTORY "${dir}")
execute_process(COMMAND "${PROGRAM}" ${args} OUTPUT_FILE "${OUTPUT}.tmp" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE "${OUTPUT}.tmp")
  message(FATAL_ERROR "${PROGRAM} ${ARGS} failed (${rc})")
endif()
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
