# `cmake --install` (and `make install PREFIX=...`, DESTDIR honoured): the usual layout
#   bin/magritte
#   lib/magritte/magritte-vision.so                 (found as ../lib/magritte/ from the binary)
#   share/man/man1/magritte.1.gz                    (generated: `magritte man`; gzipped, as Debian wants)
#   share/bash-completion/completions/magritte      (generated: `magritte completion bash`)
#   share/zsh/site-functions/_magritte              (generated: `magritte completion zsh`;
#                                                    share/zsh/vendor-completions/ under /usr)
#   share/doc/magritte/{README.md,docs/,examples/fruits/,configs/,copyright,changelog.gz}
# The Debian package (cmake/Packaging.cmake) is this tree under /usr.

# The man page and the completion scripts come from the built program itself, after it is
# linked, so they always describe the commands it has (and nothing is written twice).
set(MAGRITTE_GENERATED_SHARE ${PROJECT_BINARY_DIR}/share)
set(magritte_generated
  "man/man1/magritte.1|man"
  "bash-completion/completions/magritte|completion bash"
  "zsh/site-functions/_magritte|completion zsh")
set(magritte_generated_files)
foreach(entry IN LISTS magritte_generated)
  string(REPLACE "|" ";" entry "${entry}")
  list(GET entry 0 relative)
  list(GET entry 1 args)
  set(output ${MAGRITTE_GENERATED_SHARE}/${relative})
  add_custom_command(OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:magritte> "-DARGS=${args}" -DOUTPUT=${output}
            -P ${PROJECT_SOURCE_DIR}/cmake/RunToFile.cmake
    DEPENDS magritte ${PROJECT_SOURCE_DIR}/cmake/RunToFile.cmake
    COMMENT "Generating share/${relative} (magritte ${args})"
    VERBATIM)
  list(APPEND magritte_generated_files ${output})
endforeach()

# Gzipped reproducibly (no name, no time stamp): the man page (build/share/man/man1/magritte.1
# stays plain, for `man build/share/man/man1/magritte.1`) and the Debian changelog lintian asks for.
set(magritte_man_gz ${MAGRITTE_GENERATED_SHARE}/man/man1/magritte.1.gz)
set(magritte_changelog ${MAGRITTE_GENERATED_SHARE}/doc/magritte/changelog.gz)
foreach(pair "${MAGRITTE_GENERATED_SHARE}/man/man1/magritte.1|${magritte_man_gz}"
             "${PROJECT_SOURCE_DIR}/packaging/changelog|${magritte_changelog}")
  string(REPLACE "|" ";" pair "${pair}")
  list(GET pair 0 input)
  list(GET pair 1 output)
  add_custom_command(OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output} -P ${PROJECT_SOURCE_DIR}/cmake/Gzip.cmake
    DEPENDS ${input} ${PROJECT_SOURCE_DIR}/cmake/Gzip.cmake
    VERBATIM)
endforeach()
add_custom_target(magritte_install_files ALL DEPENDS ${magritte_generated_files} ${magritte_man_gz} ${magritte_changelog})

install(TARGETS magritte RUNTIME DESTINATION bin)
# Not GNUInstallDirs' LIBDIR: on Debian it is lib/<multiarch>, where the loader does not look
# (src/vision/loader.cpp: next to the binary, then ../lib/magritte/). A private module, not a
# shared library: no SONAME, nothing else links it.
install(TARGETS magritte_vision LIBRARY DESTINATION lib/magritte)
install(FILES ${magritte_man_gz} DESTINATION share/man/man1)
install(FILES ${MAGRITTE_GENERATED_SHARE}/bash-completion/completions/magritte
        DESTINATION share/bash-completion/completions)
# zsh looks in <prefix>/share/zsh/site-functions, except Debian's zsh under /usr, which reads
# vendor-completions instead (its fpath: /usr/local/share/zsh/site-functions,
# /usr/share/zsh/vendor-completions...): the package's prefix decides, at install time.
install(CODE "
  set(zsh_dir share/zsh/site-functions)
  if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
    set(zsh_dir share/zsh/vendor-completions)
  endif()
  file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/\${zsh_dir}\" TYPE FILE
       FILES \"${MAGRITTE_GENERATED_SHARE}/zsh/site-functions/_magritte\")")

set(magritte_docdir share/doc/magritte)
install(FILES README.md packaging/copyright ${magritte_changelog} DESTINATION ${magritte_docdir})
install(DIRECTORY docs DESTINATION ${magritte_docdir})
install(DIRECTORY configs DESTINATION ${magritte_docdir})
# The example project, as in the repository (its trainer, images and magritte.toml), without
# what running it leaves behind.
install(DIRECTORY examples/fruits DESTINATION ${magritte_docdir}/examples
        PATTERN __pycache__ EXCLUDE PATTERN "*.pyc" EXCLUDE PATTERN .magritte EXCLUDE)
