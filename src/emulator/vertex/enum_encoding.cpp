#include "emulator/vertex/enum_encoding.hpp"

#include <map>
#include <string>
#include <vector>

namespace magritte::emulator::vertex {

namespace {

using Names = std::vector<const char*>;  // index = the enum's number

// From aiplatform v1's messages (JobState, AcceleratorType, DeploymentResourcesType).
const Names kJobStates = {"JOB_STATE_UNSPECIFIED", "JOB_STATE_QUEUED",    "JOB_STATE_PENDING",
                          "JOB_STATE_RUNNING",     "JOB_STATE_SUCCEEDED", "JOB_STATE_FAILED",
                          "JOB_STATE_CANCELLING",  "JOB_STATE_CANCELLED", "JOB_STATE_PAUSED",
                          "JOB_STATE_EXPIRED",     "JOB_STATE_UPDATING",  "JOB_STATE_PARTIALLY_SUCCEEDED"};
const Names kAcceleratorTypes = {
    "ACCELERATOR_TYPE_UNSPECIFIED", "NVIDIA_TESLA_K80", "NVIDIA_TESLA_P100", "NVIDIA_TESLA_V100",
    "NVIDIA_TESLA_P4", "NVIDIA_TESLA_T4", "NVIDIA_TESLA_A100", "NVIDIA_A100_80GB", "NVIDIA_L4",
    "NVIDIA_H100_80GB", "NVIDIA_H100_MEGA_80GB", "NVIDIA_H200_141GB", "NVIDIA_B200", "TPU_V2",
    "TPU_V3", "TPU_V4_POD", "TPU_V5_LITEPOD"};
const Names kDeploymentResourcesTypes = {"DEPLOYMENT_RESOURCES_TYPE_UNSPECIFIED", "DEDICATED_RESOURCES",
                                         "AUTOMATIC_RESOURCES", "SHARED_RESOURCES"};

const std::map<std::string, const Names*>& enum_fields() {
  static const std::map<std::string, const Names*> fields = {
      {"state", &kJobStates},
      {"acceleratorType", &kAcceleratorTypes},
      {"supportedDeploymentResourcesTypes", &kDeploymentResourcesTypes}};
  return fields;
}

void convert(nlohmann::json& value, const Names& names, bool to_numbers) {
  if (value.is_array()) {
    for (auto& item : value) convert(item, names, to_numbers);
    return;
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (to_numbers && value.is_string() && value.get<std::string>() == names[i]) {
      value = static_cast<int>(i);
      return;
    }
    if (!to_numbers && value.is_number_integer() && value.get<long long>() == static_cast<long long>(i)) {
      value = names[i];
      return;
    }
  }
}

void walk(nlohmann::json& value, bool to_numbers) {
  if (value.is_array()) {
    for (auto& item : value) walk(item, to_numbers);
    return;
  }
  if (!value.is_object()) return;
  for (auto& [key, field] : value.items()) {
    const auto known = enum_fields().find(key);
    if (known != enum_fields().end() && (field.is_string() || field.is_number() || field.is_array())) {
      convert(field, *known->second, to_numbers);
    } else {
      walk(field, to_numbers);
    }
  }
}

}  // namespace

bool wants_int_enums(const Request& request) {
  const auto alt = request.query_value("$alt");
  return alt && alt->find("enum-encoding=int") != std::string::npos;
}

void enums_to_numbers(nlohmann::json& value) { walk(value, true); }
void enums_to_names(nlohmann::json& value) { walk(value, false); }

}  // namespace magritte::emulator::vertex
