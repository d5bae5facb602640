#include "emulator/training/trainer_package.hpp"

#include <system_error>

#include "emulator/state.hpp"
#include "emulator/training/child_process.hpp"

namespace magritte::emulator::training {

namespace fs = std::filesystem;

namespace {

void unpack_tarball(const fs::path& tarball, const fs::path& into) {
  const fs::path tar = find_program("tar");
  if (tar.empty()) throw PackageError("cannot unpack " + tarball.filename().string() + ": tar is not installed");
  fs::create_directories(into);
  const auto result = run_to_completion(
      {tar, {"-xzf", tarball.string(), "-C", into.string(), "--no-same-owner"}, into,
       {{"PATH", "/usr/bin:/bin"}, {"LC_ALL", "C"}}});
  if (!result.status.ok()) {
    throw PackageError("The package " + tarball.filename().string() +
                       " is not a valid .tar.gz source distribution: " + result.error_output);
  }
}

// An sdist unpacks to "<name>-<version>/<package>/..."; the directory holding the Python
// packages is that top directory (or the root itself for a flat tarball).
std::vector<fs::path> python_roots(const fs::path& unpacked) {
  std::vector<fs::path> roots;
  for (const auto& entry : fs::directory_iterator(unpacked)) {
    if (entry.is_directory() && !fs::exists(entry.path() / "__init__.py")) {
      roots.push_back(entry.path());
    }
  }
  roots.push_back(unpacked);
  return roots;
}

}  // namespace

std::vector<fs::path> install_packages(const ObjectStore& objects,
                                       const std::vector<std::string>& package_uris,
                                       const fs::path& work_dir) {
  std::vector<fs::path> python_path;
  for (std::size_t i = 0; i < package_uris.size(); ++i) {
    const std::string& uri = package_uris[i];
    const auto location = parse_gcs_uri(uri);
    if (!location || location->name.empty()) {
      throw PackageError("The package URI " + uri + " is not a gs://bucket/object URI.");
    }
    const auto data = objects.read(location->bucket, location->name);
    if (!data) {
      throw PackageError("The package " + uri + " could not be found in Cloud Storage.");
    }
    const std::string file_name = fs::path(location->name).filename().string();
    const fs::path package_dir = work_dir / "packages" / std::to_string(i);
    const fs::path file = package_dir / file_name;
    write_file_atomic(file, *data);
    if (file_name.ends_with(".tar.gz") || file_name.ends_with(".tgz")) {
      unpack_tarball(file, package_dir / "src");
      for (auto& root : python_roots(package_dir / "src")) python_path.push_back(root);
    } else if (file_name.ends_with(".whl") || file_name.ends_with(".zip")) {
      python_path.push_back(file);
    } else {
      throw PackageError("The package " + uri + " is neither a source distribution (.tar.gz) "
                         "nor a wheel (.whl); the emulator cannot install it.");
    }
  }
  return python_path;
}

}  // namespace magritte::emulator::training
