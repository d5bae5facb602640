# `make package`: the Debian package magritte_<version>_<arch>.deb, with CPack, from the
# install tree of cmake/Install.cmake under /usr. Its Depends are computed by dpkg-shlibdeps
# from the ELF files it holds (bin/magritte and lib/magritte/magritte-vision.so: OpenCV's
# libraries come from the module), plus libcurl, which magritte dlopen()s
# (src/predict/curl_library.cpp) and dpkg-shlibdeps therefore cannot see.
# lintian's verdict and the warnings accepted: docs/install.md.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME magritte)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_CONTACT "magritte maintainers <maintainers@users.noreply.r-seed-b0d16de2.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "train, deploy, test and promote an image classifier on Google Cloud")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "magritte drives the real gcloud and gsutil to train an image classifier on
Vertex AI (or the legacy AI Platform), deploy it, smoke-test it and promote
it, with canaries, rollback and a resumable whole-loop command. Every cloud
command it would run is printed by --dry-run. It embeds a local emulator of
Vertex AI, AI Platform, Cloud Storage and Logging for tests and CI pipelines.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # magritte_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# dlopen()ed, so invisible to dpkg-shlibdeps: libcurl (predict's requests) and OpenCV's
# imgcodecs (BMP/WebP/TIFF/PNM), whose package is asked of dpkg (libopencv-imgcodecs406).
file(REAL_PATH ${OPENCV_imgcodecs_LIBRARY} imgcodecs_file)
execute_process(COMMAND dpkg-query -S ${imgcodecs_file} OUTPUT_VARIABLE imgcodecs_owner
                OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
string(REGEX REPLACE ":.*" "" imgcodecs_package "${imgcodecs_owner}")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libcurl4, ${imgcodecs_package}")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "google-cloud-cli")  # the gcloud and gsutil it runs
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)  # the debug info stays in the build tree's binaries
# `package` and `install` (in the build dir) build nothing first: the top-level Makefile
# builds only what the package holds (cmake/Install.cmake: magritte, magritte_vision and
# magritte_install_files), never the test programs, which the install rules do not name.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
include(CPack)
