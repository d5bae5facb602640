#include "emulator/ml/names.hpp"

#include <cctype>

#include "emulator/ml/api_error.hpp"

namespace magritte::emulator::ml {

namespace {

constexpr std::size_t kMaxNameLength = 128;

bool is_api_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength) return false;
  if (!std::isalpha(static_cast<unsigned char>(name.front()))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

void validate_name(std::string_view field, std::string_view name) {
  if (is_api_name(name)) return;
  std::string message = "Field: " + std::string(field) +
                        " Error: A name should start with a letter and contain only letters, "
                        "numbers and underscores.";
  if (name.size() > kMaxNameLength) {
    message += " It must also be at most 128 characters long (got " +
               std::to_string(name.size()) + ").";
  }
  throw invalid_argument(message);
}

}  // namespace

void validate_project(std::string_view project) {
  // Project ids: lowercase letters, digits and hyphens; domain-scoped ones add '.' and ':'.
  bool valid = !project.empty() && project.size() <= 100 &&
               std::isalnum(static_cast<unsigned char>(project.front())) &&
               project.find("..") == std::string_view::npos;
  for (char c : project) {
    valid = valid && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ||
                      c == ':' || c == '_');
  }
  if (!valid) {
    throw invalid_argument("Field: parent Error: Invalid project id \"" + std::string(project) +
                           "\": use letters, digits and hyphens.");
  }
}

void validate_model_name(std::string_view name) { validate_name("model.name", name); }
void validate_version_name(std::string_view name) { validate_name("version.name", name); }
void validate_job_id(std::string_view job_id) { validate_name("job.job_id", job_id); }

std::string project_path(std::string_view project) {
  return "projects/" + std::string(project);
}

std::string model_path(std::string_view project, std::string_view model) {
  return project_path(project) + "/models/" + std::string(model);
}

std::string version_path(std::string_view project, std::string_view model,
                         std::string_view version) {
  return model_path(project, model) + "/versions/" + std::string(version);
}

std::string job_path(std::string_view project, std::string_view job_id) {
  return project_path(project) + "/jobs/" + std::string(job_id);
}

std::string operation_path(std::string_view project, std::string_view operation_id) {
  return project_path(project) + "/operations/" + std::string(operation_id);
}

std::string document_id(std::initializer_list<std::string_view> parts) {
  std::string id;
  for (auto part : parts) {
    if (!id.empty()) id += '~';
    id += part;
  }
  return id;
}

}  // namespace magritte::emulator::ml
