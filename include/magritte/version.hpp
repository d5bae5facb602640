#pragma once

namespace magritte {

// The one place the version is written: CMakeLists.txt reads it from here for project() and
// the Debian package.
inline constexpr const char* kVersion = "0.1.0";

// What `magritte --version` reports (generated at build time: cmake/BuildInfo.cmake).
struct BuildInfo {
  const char* version;
  const char* commit;       // full hash, "-dirty" when tracked files had changed; "unknown" outside a git checkout
  const char* commit_date;  // YYYY-MM-DD of that commit ("" when unknown)
  const char* build_type;   // CMake's build type (RelWithDebInfo, Release, Debug...)
};
const BuildInfo& build_info();

}  // namespace magritte
