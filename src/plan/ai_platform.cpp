#include "plan/ai_platform.hpp"

#include "plan/gcloud_args.hpp"

#include <algorithm>
#include <string>

namespace magritte::plan {
namespace {

// --<role>-accelerator type=T,count=N, gcloud's ArgDict form.
void add_accelerator(Command& command, const config::Settings& settings, const std::string& role) {
  const auto type = settings.opt_str("train." + role + "_accelerator_type");
  if (!type) return;
  std::string value = "type=" + *type;
  if (auto count = settings.opt_integer("train." + role + "_accelerator_count")) {
    value += ",count=" + std::to_string(*count);
  }
  std::string flag = role;
  for (auto& c : flag) c = c == '_' ? '-' : c;
  command.args.insert(command.args.end(), {"--" + flag + "-accelerator", value});
}

}  // namespace

Command AiPlatformCommands::gcloud(std::initializer_list<std::string> words) const {
  Command command;
  command.program = "gcloud";
  command.args.push_back(settings_.str("gcloud.command_group"));
  command.args.insert(command.args.end(), words);
  return command;
}

void AiPlatformCommands::add_project(Command& command) const { plan::add_project(command, settings_); }

Command AiPlatformCommands::submit_training(const std::string& job_id,
                                           const std::vector<std::string>& extra_args) const {
  auto command = gcloud({"jobs", "submit", "training", job_id});
  add_training_flags(command);
  add_distributed_flags(command);
  add_flag(command, "--config", settings_.opt_str("train.config"));
  add_flag(command, "--staging-bucket", settings_.opt_str("train.staging_bucket"));
  add_flag(command, "--service-account", settings_.opt_str("train.service_account"));
  if (auto labels = settings_.map("train.labels"); !labels.empty()) {
    command.args.insert(command.args.end(), {"--labels", join_labels(labels)});
  }
  add_project(command);

  auto trainer_args = settings_.list("train.args");
  trainer_args.insert(trainer_args.end(), extra_args.begin(), extra_args.end());
  if (!trainer_args.empty()) {
    command.args.push_back("--");
    command.args.insert(command.args.end(), trainer_args.begin(), trainer_args.end());
  }
  return command;
}

// The seed's flags, in the seed's order.
void AiPlatformCommands::add_training_flags(Command& command) const {
  add_flag(command, "--job-dir", settings_.opt_str("train.job_dir"));
  add_flag(command, "--runtime-version", settings_.opt_str("train.runtime_version"));
  add_flag(command, "--python-version", settings_.opt_str("train.python_version"));
  add_flag(command, "--module-name", settings_.opt_str("train.module_name"));
  add_flag(command, "--package-path", settings_.opt_str("train.package_path"));
  if (auto packages = settings_.list("train.packages"); !packages.empty()) {
    add_flag(command, "--packages", join_commas(packages));
  }
  add_flag(command, "--region", settings_.opt_str("train.region"));
  add_flag(command, "--scale-tier", settings_.opt_str("train.scale_tier"));
}

void AiPlatformCommands::add_distributed_flags(Command& command) const {
  add_flag(command, "--master-machine-type", settings_.opt_str("train.master_machine_type"));
  add_accelerator(command, settings_, "master");
  add_flag(command, "--worker-machine-type", settings_.opt_str("train.worker_machine_type"));
  if (auto count = settings_.opt_integer("train.worker_count")) {
    command.args.insert(command.args.end(), {"--worker-count", std::to_string(*count)});
  }
  add_accelerator(command, settings_, "worker");
  add_flag(command, "--parameter-server-machine-type",
           settings_.opt_str("train.parameter_server_machine_type"));
  if (auto count = settings_.opt_integer("train.parameter_server_count")) {
    command.args.insert(command.args.end(), {"--parameter-server-count", std::to_string(*count)});
  }
  add_accelerator(command, settings_, "parameter_server");
}

Command AiPlatformCommands::describe_job(const std::string& job_id) const {
  auto command = gcloud({"jobs", "describe", job_id, "--format=json"});
  add_project(command);
  return command;
}

Command AiPlatformCommands::list_jobs() const {
  auto command = gcloud({"jobs", "list", "--format=json"});
  add_project(command);
  return command;
}

Command AiPlatformCommands::cancel_job(const std::string& job_id) const {
  auto command = gcloud({"jobs", "cancel", job_id});
  add_project(command);
  return command;
}

// The filter `gcloud ai-platform jobs stream-logs` sends (command_lib/ml_engine/log_utils.py),
// read once with `gcloud logging read`: stream-logs only ends 10 to 20 s after the job, and
// cannot be stopped at a deadline.
Command AiPlatformCommands::read_job_logs(const std::string& job_id,
                                         const std::string& extra_filter) const {
  std::string filter = "(resource.type=\"ml_job\" OR resource.type=\"cloudml_job\") AND "
                       "resource.labels.job_id=\"" + job_id + "\"";
  if (!extra_filter.empty()) filter += " AND " + extra_filter;
  return logging_read(settings_, filter);
}

Command AiPlatformCommands::describe_model() const {
  auto command = gcloud({"models", "describe", settings_.str("model.name"), "--region", "global",
                         "--format=json"});
  add_project(command);
  return command;
}

Command AiPlatformCommands::create_model() const {
  auto command = gcloud({"models", "create", settings_.str("model.name"), "--regions",
                         settings_.str("project.region")});
  add_project(command);
  return command;
}

Command AiPlatformCommands::describe_version(const std::string& version) const {
  auto command = gcloud({"versions", "describe", version, "--model", settings_.str("model.name"),
                         "--region", "global", "--format=json"});
  add_project(command);
  return command;
}

Command AiPlatformCommands::create_version(const std::string& version) const {
  auto command = gcloud({"versions", "create", version, "--model", settings_.str("model.name"),
                         "--origin", settings_.str("deploy.origin")});
  add_flag(command, "--runtime-version", settings_.opt_str("deploy.runtime_version"));
  add_flag(command, "--framework", settings_.opt_str("deploy.framework"));
  add_flag(command, "--python-version", settings_.opt_str("deploy.python_version"));
  add_flag(command, "--machine-type", settings_.opt_str("deploy.machine_type"));
  add_flag(command, "--description", settings_.opt_str("deploy.description"));
  if (auto labels = settings_.map("deploy.labels"); !labels.empty()) {
    command.args.insert(command.args.end(), {"--labels", join_labels(labels)});
  }
  command.args.insert(command.args.end(), {"--region", "global"});
  add_project(command);
  return command;
}

Command AiPlatformCommands::create_version_async(const std::string& version) const {
  auto command = create_version(version);
  const auto region = std::find(command.args.begin(), command.args.end(), "--region");
  command.args.insert(region, {"--async", "--format=json"});
  return command;
}

Command AiPlatformCommands::set_default_version(const std::string& version) const {
  auto command = gcloud({"versions", "set-default", version, "--model", settings_.str("model.name"),
                         "--region", "global"});
  add_project(command);
  return command;
}

Command AiPlatformCommands::list_versions() const {
  auto command = gcloud({"versions", "list", "--model", settings_.str("model.name"), "--region",
                         "global", "--format=json"});
  add_project(command);
  return command;
}

Command AiPlatformCommands::list_models(int limit) const {
  auto command = gcloud({"models", "list", "--region", "global", "--limit", std::to_string(limit), "--format=json"});
  add_project(command);
  return command;
}

Command AiPlatformCommands::delete_version(const std::string& version) const {
  auto command = gcloud({"versions", "delete", version, "--model", settings_.str("model.name"),
                         "--region", "global", "--quiet"});
  add_project(command);
  return command;
}

Command AiPlatformCommands::update_model_labels(const std::map<std::string, std::string>& update,
                                               const std::vector<std::string>& remove) const {
  auto command = gcloud({"models", "update", settings_.str("model.name")});
  if (!update.empty()) command.args.insert(command.args.end(), {"--update-labels", join_labels(update)});
  if (!remove.empty()) command.args.insert(command.args.end(), {"--remove-labels", join_commas(remove)});
  command.args.insert(command.args.end(), {"--region", "global"});
  add_project(command);
  return command;
}

}  // namespace magritte::plan
