#include "plan/gcloud_args.hpp"

namespace magritte::plan {

std::string join_labels(const config::StringMap& labels) {
  std::string joined;
  for (const auto& [key, value] : labels) {
    if (!joined.empty()) joined += ',';
    joined += key + "=" + value;
  }
  return joined;
}

std::string join_commas(const std::vector<std::string>& items) {
  std::string joined;
  for (const auto& item : items) {
    if (!joined.empty()) joined += ',';
    joined += item;
  }
  return joined;
}

void add_flag(Command& command, const std::string& flag, const std::optional<std::string>& value) {
  if (!value) return;
  if (value->starts_with("-")) {
    command.args.push_back(flag + "=" + *value);
  } else {
    command.args.insert(command.args.end(), {flag, *value});
  }
}

void add_project(Command& command, const config::Settings& settings) {
  if (settings.boolean("gcloud.pass_project")) add_flag(command, "--project", settings.opt_str("project.id"));
}

Command logging_read(const config::Settings& settings, const std::string& filter) {
  Command command;
  command.program = "gcloud";
  command.args = {"logging", "read", filter, "--order=asc", "--format=json"};
  add_project(command, settings);
  return command;
}

}  // namespace magritte::plan
