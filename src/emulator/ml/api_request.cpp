#include "emulator/ml/api_request.hpp"

#include <algorithm>
#include <sstream>

#include "emulator/ml/api_error.hpp"

namespace magritte::emulator::ml {

namespace {

constexpr int kDefaultPageSize = 20;
constexpr int kMaxPageSize = 100;

int page_size_of(const Request& request) {
  const auto text = request.query_value("pageSize");
  if (!text || text->empty()) return kDefaultPageSize;
  try {
    std::size_t used = 0;
    const int size = std::stoi(*text, &used);
    if (used != text->size() || size < 0) throw std::invalid_argument(*text);
    return size == 0 ? kDefaultPageSize : std::min(size, kMaxPageSize);
  } catch (const std::exception&) {
    throw invalid_argument("Invalid value at 'page_size' (TYPE_INT32), \"" + *text + "\"");
  }
}

}  // namespace

nlohmann::json json_body(const Request& request) {
  if (request.body.empty()) return nlohmann::json::object();
  auto body = nlohmann::json::parse(request.body);  // parse_error → 400 in guarded()
  if (!body.is_object()) {
    throw invalid_argument("Invalid JSON payload received. The request body must be a JSON object.");
  }
  return body;
}

nlohmann::json list_page(std::string_view field, const std::vector<nlohmann::json>& items,
                         const std::function<std::string(const nlohmann::json&)>& key,
                         const Request& request, bool descending) {
  const int page_size = page_size_of(request);
  const std::string after = request.query_value("pageToken").value_or("");
  nlohmann::json page = nlohmann::json::array();
  std::string last_key;
  bool more = false;
  for (const auto& item : items) {
    const std::string item_key = key(item);
    if (!after.empty() && (descending ? item_key >= after : item_key <= after)) continue;
    if (static_cast<int>(page.size()) == page_size) {
      more = true;
      break;
    }
    page.push_back(item);
    last_key = item_key;
  }
  nlohmann::json response = nlohmann::json::object();
  if (!page.empty()) response[std::string(field)] = std::move(page);
  if (more) response["nextPageToken"] = last_key;
  return response;
}

std::vector<std::string> split_update_mask(const std::string& mask) {
  std::vector<std::string> fields;
  std::stringstream stream(mask);
  std::string field;
  while (std::getline(stream, field, ',')) {
    if (!field.empty()) fields.push_back(field);
  }
  return fields;
}

void check_labels(const nlohmann::json& labels, std::string_view owner) {
  if (labels.is_null()) return;
  bool ok = labels.is_object();
  for (const auto& [key, value] : labels.items()) ok = ok && value.is_string() && !key.empty();
  if (!ok) {
    throw invalid_argument("Field: " + std::string(owner) +
                           ".labels Error: labels must map label keys to string values.");
  }
}

}  // namespace magritte::emulator::ml
