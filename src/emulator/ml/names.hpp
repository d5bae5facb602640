// Resource names and the naming rules of the ml v1 API.
#pragma once

#include <string>
#include <string_view>

namespace magritte::emulator::ml {

// Each throws ApiError 400 INVALID_ARGUMENT with the real service's wording
// ("Field: model.name Error: A name should start with a letter and contain only letters,
// numbers and underscores.") when the name breaks the rule: a letter first, then letters,
// digits and underscores, at most 128 characters.
void validate_project(std::string_view project);
void validate_model_name(std::string_view name);
void validate_version_name(std::string_view name);
void validate_job_id(std::string_view job_id);

std::string project_path(std::string_view project);
std::string model_path(std::string_view project, std::string_view model);
std::string version_path(std::string_view project, std::string_view model,
                         std::string_view version);
std::string job_path(std::string_view project, std::string_view job_id);
std::string operation_path(std::string_view project, std::string_view operation_id);

// A document id for the DocumentStore: the parts joined with '~', which no name may contain.
std::string document_id(std::initializer_list<std::string_view> parts);

}  // namespace magritte::emulator::ml
