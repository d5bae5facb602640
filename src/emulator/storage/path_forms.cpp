#include "emulator/storage/path_forms.hpp"

#include <optional>
#include <string>
#include <utility>

#include "emulator/url.hpp"

namespace magritte::emulator::storage {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// "/B/O..." → {"B", "O..."} (still percent-encoded); nullopt unless both parts are non-empty.
std::optional<std::pair<std::string_view, std::string_view>> bucket_and_object(std::string_view raw_path) {
  if (!starts_with(raw_path, "/")) return std::nullopt;
  raw_path.remove_prefix(1);
  const auto slash = raw_path.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == raw_path.size()) return std::nullopt;
  return std::make_pair(raw_path.substr(0, slash), raw_path.substr(slash + 1));
}

// The rewritten raw path, or nullopt when the request is already in the routes' form.
std::optional<std::string> canonical_raw_path(const Request& request,
                                              const std::function<bool(std::string_view)>& is_xml_bucket) {
  const std::string_view raw = request.raw_path;
  if (raw == "/b" || starts_with(raw, "/b/")) return "/storage/v1" + std::string(raw);
  if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
  const auto parts = bucket_and_object(raw);
  if (!parts || !is_xml_bucket(percent_decode(parts->first))) return std::nullopt;
  return "/download/storage/v1/b/" + std::string(parts->first) + "/o/" + std::string(parts->second);
}

}  // namespace

bool canonicalize_storage_path(Request& request, const std::function<bool(std::string_view)>& is_xml_bucket) {
  auto raw = canonical_raw_path(request, is_xml_bucket);
  if (!raw) return false;
  request.raw_path = std::move(*raw);
  request.path = percent_decode(request.raw_path);  // as the HTTP layer decodes it
  return true;
}

}  // namespace magritte::emulator::storage
