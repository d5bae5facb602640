// Resource names of the aiplatform v1 API and the rules for the ids users may choose.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace magritte::emulator::vertex {

struct Location {
  std::string project;
  std::string location;
};

std::string location_path(const Location& where);  // projects/P/locations/L
std::string model_path(const Location& where, std::string_view model);
std::string endpoint_path(const Location& where, std::string_view endpoint);
std::string custom_job_path(const Location& where, std::string_view job);
// A document id for the DocumentStore: the parts joined with '~' (no name contains it).
std::string key_of(const Location& where, std::string_view id);

// "magritte", "magritte@2" (a version id), "magritte@v2" (an alias).
struct ModelRef {
  Location where;
  std::string model;
  std::string version;  // "" for the model's default version

  std::string path() const;  // projects/P/locations/L/models/M[@V]
};

// A route's {model} segment in its location.
ModelRef model_ref(const Location& where, std::string_view segment);
// "projects/P/locations/L/models/M[@V]" (full or from "models/M[@V]" on, which then takes
// `fallback`'s project and location); nullopt when it names no model.
std::optional<ModelRef> parse_model_name(std::string_view name, const Location& fallback);

bool is_version_id(std::string_view text);  // digits: a version id, never an alias
// Each throws ApiError 400 (field_error) naming `field` when the id breaks its rule.
void check_model_id(std::string_view id, std::string_view field);          // [a-z][a-z0-9_-]{0,62}
void check_endpoint_id(std::string_view id, std::string_view field);       // [a-z][a-z0-9-]{0,62}[a-z0-9] or 1-9 digits
void check_deployed_model_id(std::string_view id, std::string_view field);  // 1-10 digits
void check_alias(std::string_view alias, std::string_view field);          // [a-z][a-z0-9-]{0,126}[a-z0-9]

}  // namespace magritte::emulator::vertex
