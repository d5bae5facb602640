// A training job's packages (ml v1 trainingInput.packageUris, Vertex
// pythonPackageSpec.packageUris): fetched from the emulator's Cloud Storage and unpacked into
// the job's work directory, ready for PYTHONPATH. The real service pip-installs them; putting
// the unpacked source distribution on PYTHONPATH runs the same code without a network or a
// virtualenv (dependencies come from the system's python3).
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "emulator/object_store.hpp"

namespace magritte::emulator::training {

class PackageError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Source distributions (.tar.gz, .tgz) are unpacked with tar; wheels and zips (.whl, .zip)
// go on PYTHONPATH as they are (zipimport). Returns the PYTHONPATH entries, in package
// order. Throws PackageError with a message for the job's errorMessage.
std::vector<std::filesystem::path> install_packages(const ObjectStore& objects,
                                                    const std::vector<std::string>& package_uris,
                                                    const std::filesystem::path& work_dir);

}  // namespace magritte::emulator::training
