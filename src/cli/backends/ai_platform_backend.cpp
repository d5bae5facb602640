// AiPlatformBackend: jobs, reading what serves, switching the default. Deploying a version
// is in ai_platform_deploy.cpp.
#include "cli/backends/ai_platform_backend.hpp"

#include <iostream>

#include "cli/cloud_call.hpp"
#include "cli/training.hpp"
#include "magritte/error.hpp"
#include "predict/endpoint.hpp"

namespace magritte::cli {
namespace {

std::string project_phrase(Context& context) {
  const auto project = context.settings().opt_str("project.id");
  return project ? " in project " + *project : " in gcloud's current project";
}

}  // namespace

void AiPlatformBackend::check_training_code() { cli::check_training_code(context_, /*config_file_allowed=*/true); }

std::string AiPlatformBackend::list_jobs_hint() const {
  return "gcloud " + context_.settings().str("gcloud.command_group") + " jobs list";
}

release::JobStatus AiPlatformBackend::submit_job(const std::string& name, const std::vector<std::string>& extra_args,
                                                 bool /*known_new: the service refuses a second job of a name*/) {
  auto command = commands_.submit_training(name, extra_args);
  if (context_.json_output()) command = with_json_format(command);
  const auto submitted_at = std::chrono::system_clock::now();
  const auto result = run_submission(context_, command, name);
  release::JobStatus job;
  job.id = job.name = name;
  if (context_.runner().dry_run()) return job;
  if (!result.ok()) {
    auto trainer_args = context_.settings().list("train.args");
    trainer_args.insert(trainer_args.end(), extra_args.begin(), extra_args.end());
    return resolve_failed_submission(context_, *this, name, trainer_args, command, result, submitted_at);
  }
  pass_on_warnings(result);  // e.g. the ml-engine rename
  if (!context_.json_output()) {
    std::cout << result.out;  // gcloud's "jobId: ... state: QUEUED"
    if (!result.out.empty() && result.out.back() != '\n') std::cout << '\n';
    std::cout << std::flush;
    return job;
  }
  return release::parse_job(parse_json_output(command, result));
}

release::JobStatus AiPlatformBackend::describe_job(const std::string& id) {
  const auto command = commands_.describe_job(id);
  const auto result = context_.runner().run(command, Capture::both);
  if (is_not_found(result)) {
    throw usage_error("job " + id + " not found" + project_phrase(context_), "list the jobs with: " + list_jobs_hint());
  }
  if (!result.ok()) throw_failure(command, result, Capture::both);
  return release::parse_job(parse_json_output(command, result));
}

// Job ids are unique: a name is one describe; a prefix (timestamped ids) needs the list.
std::vector<release::JobStatus> AiPlatformBackend::find_jobs(const std::string& name, bool prefix) {
  std::vector<release::JobStatus> found;
  if (!prefix) {
    if (context_.runner().dry_run()) {
      context_.runner().run(commands_.describe_job(name), Capture::both);
      return found;
    }
    const auto job = describe_or_null(context_.runner(), commands_.describe_job(name));
    if (!job.is_null()) found.push_back(release::parse_job(job));
    return found;
  }
  const auto command = commands_.list_jobs();
  if (context_.runner().dry_run()) {
    context_.runner().run(command, Capture::both);
    return found;
  }
  const auto jobs = parse_json_output(command, run_checked(context_.runner(), command, Capture::both));
  for (const auto& resource : jobs.is_array() ? jobs : nlohmann::json::array()) {
    auto job = release::parse_job(resource);
    if (job.id.starts_with(name)) found.push_back(std::move(job));
  }
  std::stable_sort(found.begin(), found.end(), [](const release::JobStatus& a, const release::JobStatus& b) {
    if (!a.create_time || !b.create_time) return a.create_time.has_value();
    return *a.create_time > *b.create_time;
  });
  return found;
}

ServingState AiPlatformBackend::read_serving(Runner& reader, bool with_versions) {
  ServingState state;
  state.model = context_.settings().str("model.name");
  if (reader.dry_run()) {
    reader.run(commands_.describe_model(), Capture::both);
    if (with_versions) reader.run(commands_.list_versions(), Capture::both);
    return state;
  }
  state.resource = describe_or_null(reader, commands_.describe_model());
  if (state.resource.is_null()) {
    throw refused_error("model " + state.model + " does not exist", "create it and a version with: magritte deploy");
  }
  if (state.resource.contains("/defaultVersion/name"_json_pointer)) {
    state.default_version = release::short_name(state.resource["defaultVersion"]["name"].get<std::string>());
  }
  if (state.resource.contains("labels") && state.resource["labels"].is_object()) {
    for (const auto& [key, value] : state.resource["labels"].items()) {
      if (value.is_string()) state.labels[key] = value.get<std::string>();
    }
  }
  state.history = release::read_history(state.labels);
  if (!with_versions) return state;
  const auto command = commands_.list_versions();
  state.versions = release::parse_versions(parse_json_output(command, run_checked(reader, command, Capture::both)));
  for (auto& version : state.versions) {
    version.is_default = version.is_default || version.name == state.default_version;
    if (version.is_default) version.traffic = 100;
  }
  return state;
}

std::optional<release::VersionInfo> AiPlatformBackend::read_version(const std::string& version) {
  const auto resource = describe_or_null(context_.runner(), commands_.describe_version(version));
  if (resource.is_null()) return std::nullopt;
  return release::parse_version(resource);
}

std::optional<MlBackend::Unservable> AiPlatformBackend::not_servable(const release::VersionInfo& version) const {
  if (version.state == "READY") return std::nullopt;
  std::string why = "is " + version.state + ", not READY";
  if (!version.error_message.empty()) why += " (" + version.error_message + ")";
  return Unservable{why, version.state == "CREATING" ? "wait for it with: magritte deploy --wait --version " + version.name
                                                      : "list the versions with: magritte versions"};
}

void AiPlatformBackend::write_history(const ServingState& state, const std::vector<std::string>& history) {
  const auto change = release::history_change(state.labels, history);
  if (change.empty()) return;
  run_checked(context_.runner(), commands_.update_model_labels(change.update, change.remove), Capture::both);
}

// An interruption while set-default runs leaves the default either as it was or switched
// (one request: nothing half-done, but the answer may have been lost): say so, and how to
// find out and finish.
void AiPlatformBackend::set_default(const std::string& version) {
  try {
    run_checked(context_.runner(), commands_.set_default_version(version), Capture::both);
  } catch (const Error& error) {
    if (error.code() != ExitCode::interrupted && error.code() != ExitCode::terminated) throw;
    throw Error(error.code(), std::string(error.what()) + " (versions set-default " + version + ")",
                "the default is either still the previous version or already " + version +
                    ", nothing in between: 'magritte versions' shows which; if it is " + version +
                    ", nothing is left to do, else run the same command again");
  }
}

// Promote records the outgoing default first, so that a failure after that still leaves a
// way back; rollback switches first, then drops the entries it went past (if that fails,
// the stale entry equals the new default, which the next rollback skips).
ServingState AiPlatformBackend::switch_to(const ServingState& before, const std::string& version,
                                          const std::vector<std::string>& history, HistoryWrite when) {
  if (when == HistoryWrite::before_switch) write_history(before, history);
  set_default(version);
  auto after = read_serving(context_.runner(), false);
  if (after.default_version != version) {
    throw cloud_error("gcloud set version " + version + " as the default of model " + after.model +
                      ", but reading the model back shows '" + after.default_version + "'");
  }
  if (when == HistoryWrite::after_switch) {
    try {
      write_history(after, history);
      after.history = history;
    } catch (const Error& error) {
      if (error.code() != ExitCode::cloud_failed) throw;
      context_.warn("the default is " + version + ", but the history in the model's labels could not be updated: " +
                    error.what());
    }
  }
  return after;
}

void AiPlatformBackend::plan_switch(const std::string& target, const std::function<void(const std::string&)>& plan_smoke,
                                    bool is_rollback, std::optional<int> /*canary_percent: one default version*/,
                                    bool /*canary_only*/) {
  auto& runner = context_.runner();
  const auto history_size = context_.settings().integer("promote.history_size");
  runner.run(commands_.describe_model(), Capture::both);
  runner.note(is_rollback ? "the target is magritte-previous-1 of the model's labels (the previous default):"
                          : "unless " + target + " already is the default:");
  runner.run(commands_.describe_version(is_rollback ? "PREVIOUS" : target), Capture::both);
  if (plan_smoke) plan_smoke(is_rollback ? "PREVIOUS" : target);
  if (!is_rollback) {
    runner.note("record the outgoing default for rollback (up to " + std::to_string(history_size) +
                " previous defaults, promote.history_size):");
    runner.run(commands_.update_model_labels({{"magritte-previous-1", "CURRENT_DEFAULT"}}, {}), Capture::both);
  }
  runner.run(commands_.set_default_version(is_rollback ? "PREVIOUS" : target), Capture::both);
  runner.note("read back to confirm:");
  runner.run(commands_.describe_model(), Capture::both);
  if (is_rollback) {
    runner.note("drop the restored entry from the history:");
    runner.run(commands_.update_model_labels({}, {"magritte-previous-N"}), Capture::both);
  }
}

void AiPlatformBackend::remove_version(const ServingState& /*state*/, const release::VersionInfo& version) {
  run_checked(context_.runner(), commands_.delete_version(version.name), Capture::both);
}

std::string AiPlatformBackend::prediction_url(const predict::Connection& connection,
                                              const std::optional<std::string>& version) const {
  return predict::predict_url(connection.endpoint, connection.project, context_.settings().str("model.name"), version);
}

predict::ProbeRequest AiPlatformBackend::smoke_target(const predict::Connection& connection,
                                                     const ServingState& /*state*/, const std::string& version) const {
  return {prediction_url(connection, version), std::nullopt, 1};
}

void AiPlatformBackend::undeploy_version(const ServingState& /*state*/, const release::VersionInfo& /*version*/) {
  throw usage_error("AI Platform versions are not deployed apart from being created: there is nothing to undeploy",
                    "delete versions with: magritte prune --keep N");
}

bool AiPlatformBackend::splits_traffic() const { return false; }

ServingState AiPlatformBackend::set_canary(const ServingState& /*before*/, const std::string& /*version*/,
                                           int /*percent*/) {
  throw usage_error("AI Platform serves one default version and cannot split traffic: a canary needs Vertex AI",
                    "set gcloud.backend = \"vertex\" (magritte config migrate rewrites an AI Platform config)");
}

void AiPlatformBackend::restore_split(const ServingState& /*before*/) {}

std::string AiPlatformBackend::delete_hint(const std::string& version) const {
  return "gcloud ai-platform versions delete " + version + " --model " + context_.settings().str("model.name") +
         " --region global";
}

}  // namespace magritte::cli
