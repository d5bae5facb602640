# cmake -P script: OUTPUT = gzip -9n INPUT (no file name, no time stamp: the same bytes at
# every build, as Debian's reproducible-builds checks expect).
find_program(GZIP gzip REQUIRED)
get_filename_component(dir "${OUTPUT}" DIRECTORY)
file(MAKE_DIRECTORY "${dir}")
execute_process(COMMAND ${GZIP} -9 -n -c "${INPUT}" OUTPUT_FILE "${OUTPUT}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip ${INPUT} failed (${rc})")
endif()
