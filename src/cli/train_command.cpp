// magritte train [-- TRAINER_ARGS...]: submit the training job (gcloud ... jobs submit training).
#include <ctime>
#include <filesystem>

#include <CLI/CLI.hpp>

#include "cli/cloud_call.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/options.hpp"
#include "magritte/error.hpp"
#include "plan/ml_backend.hpp"

namespace magritte::cli {
namespace {

struct TrainOptions {
  std::vector<std::string> trainer_args;
};

// A job needs code: a local package (package_path), staged packages, or a YAML config
// that says what to run.
void check_training_code(Context& context, const config::Settings& settings) {
  if (settings.has("train.config")) return;
  if (!settings.has("train.module_name")) {
    throw usage_error("train.module_name is not set: gcloud needs the Python module to run",
                      "set [train] module_name (e.g. \"trainer.task\") or MAGRITTE_TRAIN_MODULE_NAME");
  }
  if (!settings.has("train.package_path") && settings.list("train.packages").empty()) {
    throw usage_error("neither train.package_path nor train.packages is set: there is no code to "
                      "upload", "set [train] package_path (e.g. \"trainer/\")");
  }
  if (!settings.has("train.package_path")) return;

  namespace fs = std::filesystem;
  const auto path = settings.str("train.package_path");
  const auto origin = settings.find("train.package_path")->origin.describe();
  std::error_code error;
  std::string problem;
  if (!fs::is_directory(path, error)) {
    problem = "train.package_path '" + path + "' (" + origin + ") is not a directory";
  } else if (!fs::exists(fs::path(path) / "__init__.py", error)) {
    problem = "train.package_path '" + path + "' (" + origin + ") has no __init__.py: gcloud "
              "packages only Python packages";
  }
  if (problem.empty()) return;
  if (context.runner().dry_run()) {
    context.warn(problem);
    return;
  }
  throw usage_error(problem, "paths are relative to the current directory, as in the seed");
}

// Job ids are unique forever in a project; train.job_suffix = "timestamp" makes each
// submission new (magritte_v2_20261126_101500).
std::string effective_job_id(const config::Settings& settings) {
  auto job_id = settings.str("train.job_name");
  if (settings.str("train.job_suffix") == "timestamp") {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "_%Y%m%d_%H%M%S", &utc);
    job_id += stamp;
  }
  if (job_id.size() > 128) {
    throw usage_error("job id '" + job_id + "' is " + std::to_string(job_id.size()) +
                      " characters long; AI Platform accepts at most 128");
  }
  return job_id;
}

void run_train(Context& context, const TrainOptions& options) {
  const auto& settings = context.settings();
  check_training_code(context, settings);
  const auto backend = plan::make_ml_backend(settings);
  const auto job_id = effective_job_id(settings);

  auto command = backend->submit_training(job_id, options.trainer_args);
  Capture capture = Capture::none;
  if (context.json_output()) {
    command = with_json_format(command);
    capture = Capture::stdout_only;
  }
  const auto result = context.runner().run(command, capture);
  if (!result.ok()) throw_failure(command, result, capture);

  nlohmann::json json = {{"command", "train"},
                         {"job_id", job_id},
                         {"job_dir", settings.opt_str("train.job_dir").value_or("")}};
  if (capture == Capture::stdout_only && !context.runner().dry_run()) {
    json["job"] = parse_json_output(command, result);
  }
  context.emit(json, "");
}

}  // namespace

void register_train(CLI::App& app, Context& context) {
  auto options = std::make_shared<TrainOptions>();
  auto* command = app.add_subcommand(
      "train", "Submit the training job (gcloud ai-platform jobs submit training)");
  add_model_version_option(*command, context);
  command->add_option("TRAINER_ARGS", options->trainer_args,
                      "Arguments for the trainer, after '--' (appended to train.args)");
  command->footer("Example: magritte train --version v3 -- --num-epochs 10");
  command->callback([&context, options] { run_train(context, *options); });
}

}  // namespace magritte::cli
