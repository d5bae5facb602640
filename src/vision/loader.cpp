// vision::load(): finds and dlopen()s magritte-vision.so, once per process.
#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "magritte/error.hpp"
#include "magritte/vision.hpp"

namespace magritte::vision {
namespace {

constexpr const char* kModuleFile = "magritte-vision.so";

std::filesystem::path executable_dir() {
  std::error_code error;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::path() : exe.parent_path();
}

// Where the module may be, in order: an explicit override, next to the executable (the
// build tree: bin/magritte + bin/magritte-vision.so), and an installed lib directory.
std::vector<std::filesystem::path> candidate_paths() {
  std::vector<std::filesystem::path> paths;
  if (const char* override_path = std::getenv("MAGRITTE_VISION_MODULE"); override_path && *override_path) {
    paths.emplace_back(override_path);
  }
  if (const auto dir = executable_dir(); !dir.empty()) {
    paths.push_back(dir / kModuleFile);
    paths.push_back((dir / ".." / "lib" / "magritte" / kModuleFile).lexically_normal());
  }
  return paths;
}

const Api* try_open(const std::filesystem::path& path, std::string& why) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    why = "not found";
    return nullptr;
  }
  // RTLD_LOCAL: OpenCV's symbols stay private to the module. Never dlclose()d.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    why = dlerror();
    return nullptr;
  }
  auto entry = reinterpret_cast<EntryPoint>(dlsym(handle, kEntryPoint));
  if (entry == nullptr) {
    why = std::string("no symbol ") + kEntryPoint;
    return nullptr;
  }
  const Api* api = entry(kAbiVersion);
  if (api == nullptr) why = "built for another version of magritte (ABI mismatch)";
  return api;
}

const Api& load_once() {
  std::string tried;
  for (const auto& path : candidate_paths()) {
    std::string why;
    if (const Api* api = try_open(path, why)) return *api;
    tried += "\n  " + path.string() + ": " + why;
  }
  throw Error(ExitCode::tool_missing, std::string("cannot load the vision module ") + kModuleFile + "; tried:" + tried,
              "set MAGRITTE_VISION_MODULE to the path of magritte-vision.so, or reinstall magritte");
}

}  // namespace

const Api& load() {
  // A failed load is retried on the next call (the exception escapes call_once).
  static std::once_flag once;
  static const Api* api = nullptr;
  std::call_once(once, [] { api = &load_once(); });
  return *api;
}

}  // namespace magritte::vision
