#include "emulator/logging/logging_service.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <tuple>

#include "emulator/logging/log_filter.hpp"

namespace magritte::emulator {

namespace {

constexpr int kDefaultPageSize = 50;  // the API's documented defaults and limit
constexpr int kMaxPageSize = 1000;

struct ListRequest {
  std::set<std::string> projects;
  LogFilter filter;
  bool descending = false;
  int page_size = kDefaultPageSize;
  std::string page_token;
};

Response invalid(const std::string& message) {
  return Response::error(400, "INVALID_ARGUMENT", message);
}

// Entries sort by time, then job, then insertId; a page token names the last entry returned,
// so pages stay correct while new lines are appended.
using Position = std::tuple<UnixNanos, std::string, std::string>;

Position position_of(const LogEntry& entry) {
  return {entry.timestamp, entry.project + "~" + entry.job_id, entry.insert_id};
}

std::string token_of(const Position& position) {
  return std::to_string(std::get<0>(position)) + "|" + std::get<1>(position) + "|" +
         std::get<2>(position);
}

std::optional<Position> parse_token(const std::string& token) {
  const auto first = token.find('|');
  const auto second = token.find('|', first == std::string::npos ? first : first + 1);
  if (first == std::string::npos || second == std::string::npos) return std::nullopt;
  try {
    return Position{std::stoll(token.substr(0, first)), token.substr(first + 1, second - first - 1),
                    token.substr(second + 1)};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

ListRequest parse_list_request(const std::string& body) {
  ListRequest request;
  const auto json = body.empty() ? nlohmann::json::object() : nlohmann::json::parse(body);
  for (const auto& name : json.value("resourceNames", nlohmann::json::array())) {
    const auto text = name.get<std::string>();
    if (text.starts_with("projects/")) request.projects.insert(text.substr(9));
  }
  for (const auto& id : json.value("projectIds", nlohmann::json::array())) {
    request.projects.insert(id.get<std::string>());
  }
  request.filter = LogFilter::parse(json.value("filter", ""));
  const std::string order = json.value("orderBy", "timestamp asc");
  if (order == "timestamp desc") {
    request.descending = true;
  } else if (order != "timestamp asc" && order != "timestamp" && !order.empty()) {
    throw std::invalid_argument("orderBy must be \"timestamp asc\" or \"timestamp desc\", not \"" +
                                order + "\"");
  }
  if (json.contains("pageSize")) {
    // int32 arrives as a JSON number; accept a numeric string too.
    const auto& size = json["pageSize"];
    request.page_size = size.is_string() ? std::stoi(size.get<std::string>()) : size.get<int>();
  }
  if (request.page_size <= 0 || request.page_size > kMaxPageSize) {
    throw std::invalid_argument("pageSize must be between 1 and 1000, not " +
                                std::to_string(request.page_size));
  }
  request.page_token = json.value("pageToken", "");
  return request;
}

}  // namespace

void LoggingService::add_routes(Router& router) {
  router.add("POST", "/v2/entries:list", [this](Request& request) { return list_entries(request); });
}

Response LoggingService::list_entries(const Request& http_request) const {
  ListRequest request;
  try {
    request = parse_list_request(http_request.body);
  } catch (const FilterSyntaxError& error) {
    return invalid(error.what());
  } catch (const std::exception& error) {
    return invalid(std::string("Invalid entries.list request: ") + error.what());
  }
  if (request.projects.empty()) {
    return invalid("resourceNames must name at least one project (\"projects/<id>\")");
  }
  std::optional<Position> after;
  if (!request.page_token.empty() && !(after = parse_token(request.page_token))) {
    return invalid("Invalid pageToken: " + request.page_token);
  }

  std::vector<LogEntry> candidates;
  const auto job_id = request.filter.required_job_id();
  for (const auto& project : request.projects) {
    auto entries = job_id ? logs_.job_entries(project, *job_id) : logs_.project_entries(project);
    candidates.insert(candidates.end(), entries.begin(), entries.end());
  }
  std::sort(candidates.begin(), candidates.end(), [](const LogEntry& a, const LogEntry& b) {
    return position_of(a) < position_of(b);
  });
  if (request.descending) std::reverse(candidates.begin(), candidates.end());

  nlohmann::json entries = nlohmann::json::array();
  std::optional<Position> last;
  bool more = false;
  for (const auto& entry : candidates) {
    const Position position = position_of(entry);
    if (after && (request.descending ? position >= *after : position <= *after)) continue;
    if (!request.filter.matches(entry)) continue;
    if (static_cast<int>(entries.size()) == request.page_size) {
      more = true;
      break;
    }
    entries.push_back(entry.to_api_json());
    last = position;
  }
  nlohmann::json body = nlohmann::json::object();
  if (!entries.empty()) body["entries"] = std::move(entries);
  if (more && last) body["nextPageToken"] = token_of(*last);
  return Response::json(200, body);
}

}  // namespace magritte::emulator
