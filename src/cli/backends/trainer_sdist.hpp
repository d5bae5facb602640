// The trainer package as a Python source distribution, the way `gcloud ml-engine jobs
// submit training --package-path` builds one (it runs `python setup.py sdist`), for Vertex
// AI's python-package executor, which pip-installs the archive and runs the module.
//
// NAME-0.1.tar.gz holds NAME-0.1/{PKG-INFO, setup.py, NAME/...}: the setup.py next to the
// package directory when there is one (its own name, version and dependencies then apply),
// else a minimal one generated here. The archive is written by magritte itself (ustar +
// gzip), byte for byte the same for the same files: no Python needed, nothing to time-stamp.
#pragma once

#include <filesystem>
#include <string>

namespace magritte::cli {

struct TrainerSdist {
  std::filesystem::path archive;  // <out_dir>/NAME-0.1.tar.gz
  std::string package;            // NAME (the package directory's name)
  bool generated_setup = false;   // no setup.py next to the package: a minimal one was written
  std::size_t files = 0;
};

// Throws Error(usage) for a package that cannot be archived (a name too long for ustar, an
// unreadable file), Error(internal) when the archive cannot be written.
TrainerSdist build_trainer_sdist(const std::filesystem::path& package_dir, const std::filesystem::path& out_dir);

// "trainer-0.1.tar.gz" for package directory "trainer/": what build_trainer_sdist writes.
std::string sdist_file_name(const std::filesystem::path& package_dir);

}  // namespace magritte::cli
