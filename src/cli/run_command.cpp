// magritte run (alias: pipeline): the whole release loop in one command, for Makefiles and
// CI: sync → train --wait → deploy --wait → smoke test → promote. It stops at the first
// failing step with that step's exit code, and it is resumable: every step first looks at
// what already exists and skips what is done (the job already SUCCEEDED, the version already
// READY with the same origin, already the default), so re-running after a failure or an
// interruption continues where it stopped, and a second run after a success changes nothing.
#include <filesystem>

#include <CLI/CLI.hpp>

#include "cli/bucket_sync.hpp"
#include "cli/cloud_call.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/backends/ml_backend.hpp"
#include "cli/job_follow.hpp"
#include "cli/options.hpp"
#include "cli/release_switch.hpp"
#include "cli/training.hpp"
#include "magritte/error.hpp"
#include "plan/storage.hpp"

namespace magritte::cli {
namespace {

struct RunOptions {
  bool logs = false;
  bool no_smoke = false;
  std::optional<std::string> timeout;
};

constexpr int kSteps = 5;

// One line per step on stderr, and a record for --format json.
class StepLog {
public:
  explicit StepLog(Context& context) : context_(context) {}

  void begin(int number, const std::string& name) {
    number_ = number;
    name_ = name;
    context_.info("magritte: [" + std::to_string(number) + "/" + std::to_string(kSteps) + "] " + name);
  }
  void end(const std::string& status, const std::string& detail) {
    context_.info("magritte: [" + std::to_string(number_) + "/" + std::to_string(kSteps) + "] " + name_ + ": " +
                  status + (detail.empty() ? "" : " (" + detail + ")"));
    steps_.push_back({{"step", name_}, {"status", status}, {"detail", detail}});
  }
  nlohmann::json json() const { return steps_; }

private:
  Context& context_;
  int number_ = 0;
  std::string name_;
  nlohmann::json steps_ = nlohmann::json::array();
};

struct Pipeline {
  Context& context;
  MlBackend& backend;
  const RunOptions& options;
  WaitOptions wait;
  StepLog log;
  std::string job_id;
  std::string version;
  bool deployed_now = false;
};

// rsync compares before it uploads: a second sync transfers nothing, so this step is its
// own "already done" check.
void sync_step(Pipeline& run) {
  const auto& settings = run.context.settings();
  plan::SyncRequest request;
  request.local_dir = settings.str("storage.local_data");
  std::error_code error;
  if (!run.context.runner().dry_run() && !std::filesystem::is_directory(request.local_dir, error)) {
    throw usage_error("local data directory '" + request.local_dir + "' (storage.local_data) does not exist");
  }
  const auto capture = run.context.json_output() ? Capture::stdout_only : Capture::none;
  const auto result = sync_into_bucket(run.context, plan::sync_data(settings, request), capture);
  if (capture == Capture::stdout_only && !result.out.empty()) run.context.info(result.out);
  run.log.end(run.context.runner().dry_run() ? "planned" : "done", request.local_dir + " → " + plan::data_uri(settings));
}

// The job this run trains with: the one named train.job_name, or with train.job_suffix =
// "timestamp" the newest of its timestamped jobs (a new one is submitted when that failed).
// One look (the job itself, or the list of jobs), whose answer also tells the state.
std::optional<release::JobStatus> existing_job(Pipeline& run) {
  const auto& settings = run.context.settings();
  const bool timestamped = settings.str("train.job_suffix") == "timestamp";
  const auto name = settings.str("train.job_name");
  if (run.context.runner().dry_run() && timestamped) {
    run.context.runner().note("the newest job named " + name + "_<timestamp> (train.job_suffix):");
  }
  const auto jobs = run.backend.find_jobs(timestamped ? name + "_" : name, timestamped);
  if (run.context.runner().dry_run()) {
    run.context.runner().note("only if the job does not exist (SUCCEEDED: skipped; running: followed):");
    return std::nullopt;
  }
  if (jobs.empty()) return std::nullopt;
  const auto& newest = jobs.front();
  if (timestamped && (newest.state == "FAILED" || newest.state == "CANCELLED")) {
    return std::nullopt;  // timestamped ids exist precisely so that a failed run can train again
  }
  return newest;
}

void train_step(Pipeline& run) {
  const auto& settings = run.context.settings();
  const auto existing = existing_job(run);
  if (existing && existing->state == "SUCCEEDED") {
    run.job_id = existing->id;
    return run.log.end("skipped", "job " + run.job_id + " already SUCCEEDED");
  }
  if (existing && (existing->state == "FAILED" || existing->state == "CANCELLED")) {
    throw cloud_error("job " + existing->id + " already ended " + existing->state +
                          (existing->error_message.empty() ? "" : ": " + existing->error_message),
                      "job ids are unique forever: train under a new version (--version NEW) or set "
                      "train.job_suffix = \"timestamp\"; its log: magritte logs " + existing->id);
  }
  if (existing) {
    run.job_id = existing->id;
    run.context.info("magritte: job " + run.job_id + " is already " + existing->state + ": following it");
  } else {
    run.backend.check_training_code();
    run.job_id = run.backend.submit_job(effective_job_id(settings), {}, /*known_new=*/true).id;
  }
  const auto followed = follow_job(run.context, run.backend, run.job_id, {run.wait, run.options.logs, nullptr, nullptr});
  if (run.context.runner().dry_run()) return run.log.end("planned", "");
  check_job_end(followed, run.job_id, run.wait);
  run.log.end("done", "job " + run.job_id + " SUCCEEDED");
}

void deploy_step(Pipeline& run) {
  const auto deployment = run.backend.deploy(/*wait=*/true, run.wait);
  run.deployed_now = deployment.version_status != "unchanged";
  if (run.context.runner().dry_run()) return run.log.end("planned", "");
  if (!run.deployed_now) return run.log.end("skipped", "version " + run.version + " already READY with the same origin");
  run.log.end("done", "version " + run.version + " READY");
}

// The smoke test guards the promotion; a version that already is the default and was not
// deployed by this run has nothing left to guard. On Vertex AI a new version is asked
// through a canary share of the endpoint (the split is put back if it fails), and the
// promote step then gives it the rest.
void smoke_and_promote_steps(Pipeline& run) {
  ServingState state;
  if (!run.context.runner().dry_run()) state = run.backend.read_serving(run.context.runner(), run.backend.splits_traffic());
  const bool already_default = !run.context.runner().dry_run() && state.default_version == run.version;
  const bool canary = run.backend.splits_traffic() && !already_default && smoke_configured(run.context);

  run.log.begin(4, "smoke test");
  if (run.options.no_smoke) {
    run.log.end("skipped", "--no-smoke");
  } else if (already_default && !run.deployed_now) {
    run.log.end("skipped", "version " + run.version + " already is the default");
  } else if (canary) {
    const int percent = static_cast<int>(run.context.settings().integer("promote.canary_percent"));
    const auto result = promote_version(run.context, run.backend, run.version, {true, percent});
    if (run.context.runner().dry_run()) {
      run.log.end("planned", "");
    } else {
      run.log.end("done", std::to_string(result.smoke.images.size()) + " image(s) as expected, at a " +
                              std::to_string(percent) + " % canary share");
    }
  } else {
    const auto smoke = run_smoke_test(run.context, run.backend, state, run.version);
    if (run.context.runner().dry_run()) {
      run.log.end("planned", "");
    } else if (!smoke.ran) {
      run.log.end("skipped", "no promote.smoke_images");
    } else {
      if (already_default && !smoke.ok()) {
        run.context.warn("version " + run.version + " became the default on its own, as the model's first version");
      }
      require_smoke_pass(run.context, run.version, smoke);
      run.log.end("done", std::to_string(smoke.images.size()) + " image(s) as expected");
    }
  }

  run.log.begin(5, "promote");
  if (already_default) return run.log.end("skipped", "version " + run.version + " already is the default");
  promote_version(run.context, run.backend, run.version, {/*smoke=*/false, std::nullopt});
  if (run.context.runner().dry_run()) return run.log.end("planned", "");
  run.log.end("done", "version " + run.version + " is the default");
}

void run_pipeline_command(Context& context, const RunOptions& options) {
  const auto& settings = context.settings();
  const auto backend = make_ml_backend(context);
  Pipeline run{context, *backend, options, wait_options(settings, options.timeout), StepLog(context), "", "", false};
  run.version = settings.str("model.version");
  nlohmann::json json = {{"command", "run"}, {"model", settings.str("model.name")}, {"version", run.version}};
  try {
    run.log.begin(1, "sync");
    sync_step(run);
    run.log.begin(2, "train");
    train_step(run);
    run.log.begin(3, "deploy");
    deploy_step(run);
    smoke_and_promote_steps(run);
  } catch (const Error& error) {
    run.log.end("failed", error.what());
    json["job_id"] = run.job_id;
    json["steps"] = run.log.json();
    json["exit_code"] = to_int(error.code());
    if (context.json_output()) context.emit(json, "");
    throw;
  }
  json["job_id"] = run.job_id;
  json["steps"] = run.log.json();
  json["exit_code"] = 0;
  context.emit(json, "");
}

}  // namespace

void register_run(CLI::App& app, Context& context) {
  auto options = std::make_shared<RunOptions>();
  auto* command = app.add_subcommand(
      "run", "The whole loop: sync, train --wait, deploy --wait, smoke test, promote; resumable, skips what is done");
  command->alias("pipeline");
  add_model_version_option(*command, context);
  command->add_flag("--logs", options->logs, "Print the trainer's log lines while waiting for the job");
  command->add_flag("--no-smoke", options->no_smoke, "Skip the smoke test before promoting");
  add_timeout_option(*command, options->timeout);
  command->footer("Stops at the first failing step with its exit code (see magritte --help); run it again to resume.");
  command->callback([&context, options] { run_pipeline_command(context, *options); });
}

}  // namespace magritte::cli
