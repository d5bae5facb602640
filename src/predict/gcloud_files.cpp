// The file-system side of the gcloud properties reader: reading files (missing and
// unreadable told apart) and finding the installation the `gcloud` on PATH belongs to.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "predict/gcloud_properties.hpp"

namespace magritte::predict {
namespace {

namespace fs = std::filesystem;

FileText read_text(const std::string& path) {
  FileText file;
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (status.type() == fs::file_type::not_found) return file;  // a dangling link too, as for open()
  if (error) {
    file.state = FileText::State::failed;
    file.error = error.message();
    return file;
  }
  if (!fs::is_regular_file(status)) {
    file.state = FileText::State::failed;
    file.error = "not a regular file";
    return file;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    file.state = FileText::State::failed;
    file.error = std::strerror(errno);
    return file;
  }
  file.text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());  // empty is fine
  if (in.bad()) {
    file.state = FileText::State::failed;
    file.error = std::strerror(errno);
    file.text.clear();
    return file;
  }
  file.state = FileText::State::read;
  return file;
}

// execvp's search: the first executable regular file named `gcloud` in PATH.
std::optional<std::string> find_gcloud(const std::optional<std::string>& path) {
  if (!path) return std::nullopt;
  std::size_t start = 0;
  while (start <= path->size()) {
    std::size_t end = path->find(':', start);
    if (end == std::string::npos) end = path->size();
    std::string dir = path->substr(start, end - start);
    if (dir.empty()) dir = ".";
    const std::string candidate = dir + "/gcloud";
    std::error_code error;
    if (fs::is_regular_file(candidate, error) && ::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> sdk_root_of(const std::string& gcloud_path, std::string& reason) {
  std::error_code error;
  const fs::path launcher = fs::canonical(gcloud_path, error);
  if (error) {
    reason = gcloud_path + ": " + error.message();
    return std::nullopt;
  }
  const fs::path core = launcher.parent_path().parent_path() / "lib" / "googlecloudsdk" / "core";
  if (launcher.parent_path().filename() != "bin" || !fs::is_regular_file(core / "config.py", error)) {
    reason = launcher.string() + " is not <sdk>/bin/gcloud with <sdk>/lib/googlecloudsdk beside it";
    return std::nullopt;
  }
  // config.Paths().sdk_root: FindDirectoryContaining(realpath(core), '.install').
  for (fs::path dir = fs::canonical(core, error); !error && !dir.empty(); dir = dir.parent_path()) {
    std::error_code absent;  // set for a missing entry: not a reason to stop
    if (fs::is_directory(dir / ".install", absent)) return dir.string();
    if (dir == dir.parent_path()) break;
  }
  reason = "no directory holding .install above " + core.string();
  return std::nullopt;
}

GcloudFiles process_gcloud_files(std::function<std::optional<std::string>(const std::string&)> getenv) {
  GcloudFiles files;
  files.read = read_text;
  if (const auto gcloud = find_gcloud(getenv("PATH"))) {
    files.sdk_root = sdk_root_of(*gcloud, files.sdk_root_unknown_reason);
  } else {
    files.sdk_root_unknown_reason = "no gcloud on PATH";
  }
  files.getenv = std::move(getenv);
  return files;
}

}  // namespace magritte::predict
