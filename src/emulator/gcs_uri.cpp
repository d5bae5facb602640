#include "emulator/object_store.hpp"

namespace magritte::emulator {

std::optional<GcsPath> parse_gcs_uri(std::string_view uri) {
  constexpr std::string_view kScheme = "gs://";
  if (uri.substr(0, kScheme.size()) != kScheme) return std::nullopt;
  uri.remove_prefix(kScheme.size());
  const auto slash = uri.find('/');
  GcsPath path;
  path.bucket = std::string(uri.substr(0, slash));
  if (path.bucket.empty()) return std::nullopt;
  if (slash != std::string_view::npos) path.name = std::string(uri.substr(slash + 1));
  return path;
}

}  // namespace magritte::emulator
