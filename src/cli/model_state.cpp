#include "cli/model_state.hpp"

#include <iostream>

#include "cli/cloud_call.hpp"
#include "magritte/error.hpp"
#include "release/progress.hpp"

namespace magritte::cli {

nlohmann::json describe_or_null(Runner& runner, const Command& command) {
  const auto result = runner.run(command, Capture::both);
  if (is_not_found(result)) return nullptr;
  if (!result.ok()) throw_failure(command, result, Capture::both);
  return parse_json_output(command, result);
}

ModelState read_model(Context& context, const plan::MlBackend& backend, Runner* runner) {
  ModelState model;
  model.name = context.settings().str("model.name");
  model.resource = describe_or_null(runner != nullptr ? *runner : context.runner(), backend.describe_model());
  if (model.resource.is_null()) {
    throw refused_error("model " + model.name + " does not exist", "create it and a version with: magritte deploy");
  }
  if (model.resource.contains("/defaultVersion/name"_json_pointer)) {
    model.default_version = release::short_name(model.resource["defaultVersion"]["name"].get<std::string>());
  }
  if (model.resource.contains("labels") && model.resource["labels"].is_object()) {
    for (const auto& [key, value] : model.resource["labels"].items()) {
      if (value.is_string()) model.labels[key] = value.get<std::string>();
    }
  }
  model.history = release::read_history(model.labels);
  return model;
}

std::optional<release::VersionInfo> read_version(Context& context, const plan::MlBackend& backend,
                                                 const std::string& version) {
  const auto resource = describe_or_null(context, backend.describe_version(version));
  if (resource.is_null()) return std::nullopt;
  return release::parse_version(resource);
}

std::vector<release::VersionInfo> read_versions(Context& context, const plan::MlBackend& backend,
                                                const ModelState& model, Runner* runner) {
  const auto command = backend.list_versions();
  Runner& reader = runner != nullptr ? *runner : context.runner();
  const auto list = parse_json_output(command, run_checked(reader, command, Capture::both));
  auto versions = release::parse_versions(list);
  for (auto& version : versions) version.is_default = version.is_default || version.name == model.default_version;
  return versions;
}

FollowedVersion follow_version(Context& context, const plan::MlBackend& backend, const std::string& version,
                               const WaitOptions& wait) {
  FollowedVersion followed;
  if (context.runner().dry_run()) {
    context.runner().note("repeated every " + std::to_string(wait.poll_interval.count()) +
                          " s until the version is READY or FAILED (wait.poll_interval):");
    context.runner().run(backend.describe_version(version), Capture::both);
    return followed;
  }
  auto progress = release::make_progress(std::cerr, release::stderr_is_live_terminal(), context.options.quiet);
  release::WatchHooks hooks;
  hooks.poll = [&] {
    const auto found = read_version(context, backend, version);
    if (!found) throw cloud_error("version " + version + " disappeared while it was being created");
    followed.version = *found;
    const bool final = found->state != "CREATING" && found->state != "UNKNOWN";
    return release::Observation{found->state, final, found->created};
  };
  hooks.warn = [&context](const std::string& message) { context.warn(message); };
  release::StopSignals stop_signals;
  release::SystemClock clock;
  followed.outcome = release::watch(hooks, clock, *progress, watch_options(wait, "version " + version));
  return followed;
}

void check_version_end(const FollowedVersion& followed, const std::string& model, const std::string& version,
                       const WaitOptions& wait) {
  stop_unless_finished(followed.outcome, wait,
                       {"version " + version + " of model " + model, "magritte deploy --wait --version " + version, ""});
  if (followed.version.state == "READY") return;
  const auto message = followed.version.error_message.empty() ? "(no error message)" : followed.version.error_message;
  throw cloud_error("version " + version + " of model " + model + " is " + followed.version.state + ": " + message,
                    "fix the model at its origin, then delete the version (gcloud ai-platform versions delete " +
                        version + " --model " + model + " --region global) or deploy under another --version");
}

}  // namespace magritte::cli
