#include "emulator/vertex/names.hpp"

#include <regex>

#include "emulator/vertex/errors.hpp"

namespace magritte::emulator::vertex {

std::string location_path(const Location& where) {
  return "projects/" + where.project + "/locations/" + where.location;
}

std::string model_path(const Location& where, std::string_view model) {
  return location_path(where) + "/models/" + std::string(model);
}

std::string endpoint_path(const Location& where, std::string_view endpoint) {
  return location_path(where) + "/endpoints/" + std::string(endpoint);
}

std::string custom_job_path(const Location& where, std::string_view job) {
  return location_path(where) + "/customJobs/" + std::string(job);
}

std::string key_of(const Location& where, std::string_view id) {
  return where.project + "~" + where.location + "~" + std::string(id);
}

std::string ModelRef::path() const {
  return model_path(where, model) + (version.empty() ? "" : "@" + version);
}

ModelRef model_ref(const Location& where, std::string_view segment) {
  const auto at = segment.find('@');
  if (at == std::string_view::npos) return {where, std::string(segment), ""};
  return {where, std::string(segment.substr(0, at)), std::string(segment.substr(at + 1))};
}

std::optional<ModelRef> parse_model_name(std::string_view name, const Location& fallback) {
  static const std::regex full("^projects/([^/]+)/locations/([^/]+)/models/([^/]+)$");
  static const std::regex partial("^models/([^/]+)$");
  const std::string text(name);
  std::smatch match;
  if (std::regex_match(text, match, full)) return model_ref({match[1], match[2]}, match[3].str());
  if (std::regex_match(text, match, partial)) return model_ref(fallback, match[1].str());
  return std::nullopt;
}

bool is_version_id(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

namespace {

void check(std::string_view id, const std::regex& rule, std::string_view field, std::string_view rule_text) {
  if (!std::regex_match(std::string(id), rule)) {
    throw field_error(field, "\"" + std::string(id) + "\" does not match " + std::string(rule_text) + ".");
  }
}

}  // namespace

void check_model_id(std::string_view id, std::string_view field) {
  static const std::regex rule("[a-z][a-z0-9_-]{0,62}");
  check(id, rule, field, "[a-z][a-z0-9_-]{0,62}");
}

void check_endpoint_id(std::string_view id, std::string_view field) {
  static const std::regex rule("[a-z][a-z0-9-]{0,61}[a-z0-9]|[a-z]|[1-9][0-9]{0,8}");
  check(id, rule, field, "[a-z][a-z0-9-]{0,61}[a-z0-9] or a number of 1 to 9 digits");
}

void check_deployed_model_id(std::string_view id, std::string_view field) {
  static const std::regex rule("[0-9]{1,10}");
  check(id, rule, field, "1 to 10 digits ([0-9])");
}

void check_alias(std::string_view alias, std::string_view field) {
  static const std::regex rule("[a-z][a-z0-9-]{0,126}[a-z0-9]");
  check(alias, rule, field, "[a-z][a-z0-9-]{0,126}[a-z0-9]");
}

}  // namespace magritte::emulator::vertex
