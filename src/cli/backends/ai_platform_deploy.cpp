// AiPlatformBackend::deploy: create the model when absent, create the version (or find it
// already there with the same origin), and optionally wait until it is READY.
#include <iostream>

#include "cli/backends/ai_platform_backend.hpp"
#include "cli/cloud_call.hpp"
#include "magritte/error.hpp"
#include "release/progress.hpp"

namespace magritte::cli {

// Under --dry-run nothing can be asked, so every command that may run is printed, the
// conditional ones after a comment saying when they would run.
void AiPlatformBackend::plan_deploy(const std::string& version, bool wait, const WaitOptions& wait_options) {
  auto& runner = context_.runner();
  runner.run(commands_.describe_model(), Capture::both);
  runner.note("only if the model does not exist:");
  runner.run(commands_.create_model(), Capture::none);
  runner.run(commands_.describe_version(version), Capture::both);
  runner.note("only if the version does not exist:");
  if (!wait) {
    runner.run(commands_.create_version(version), Capture::none);
    return;
  }
  runner.run(commands_.create_version_async(version), Capture::both);
  follow_version(version, wait_options);
}

// Versions are immutable: the same name with another origin is refused; one that FAILED
// will never serve.
std::string AiPlatformBackend::existing_version_status(const release::VersionInfo& existing,
                                                       const std::string& version) const {
  const auto& settings = context_.settings();
  const auto model = settings.str("model.name");
  const auto origin = settings.str("deploy.origin");
  if (existing.origin != origin) {
    throw refused_error("version " + version + " already exists with origin " + existing.origin + ", not " + origin,
                        "versions are immutable: deploy under another --version");
  }
  if (existing.state == "FAILED") {
    throw cloud_error("version " + version + " of model " + model + " exists with origin " + origin + " but FAILED: " +
                          existing.error_message,
                      "delete it (" + delete_hint(version) + ") or deploy under another --version");
  }
  return existing.state == "READY" ? "unchanged" : "creating";
}

// A creation whose answer was lost may have happened all the same: gcloud retries a POST
// whose connection broke and then gets ALREADY_EXISTS, or cannot decode a cut-short answer.
// Names are unique, so nothing is ever created twice; look before calling it a failure.
void AiPlatformBackend::create_model(Capture capture) {
  const auto command = commands_.create_model();
  const auto result = context_.runner().run(command, capture);
  if (result.ok()) return;
  if (describe_or_null(context_.runner(), commands_.describe_model()).is_null()) throw_failure(command, result, capture);
  context_.warn("gcloud reported a failure (" + error_summary(result) + "), but model " +
                context_.settings().str("model.name") + " exists: going on");
}

// The same for the version: when it exists after a failed create, it must be ours (same
// origin, not FAILED; existing_version_status refuses anything else).
void AiPlatformBackend::create_version(bool wait, Capture capture, Deployment& deployment) {
  const auto& settings = context_.settings();
  const auto model = settings.str("model.name");
  const auto version = settings.str("model.version");
  const auto command = wait ? commands_.create_version_async(version) : commands_.create_version(version);
  const auto used = wait ? Capture::both : capture;
  const auto result = context_.runner().run(command, used);
  deployment.version_status = "created";
  if (result.ok()) {
    if (!wait) deployment.state = "READY";  // gcloud waited for the operation and it succeeded
    return;
  }
  const auto existing = read_version(version);
  if (!existing) throw_failure(command, result, used);
  existing_version_status(*existing, version);
  context_.warn("gcloud reported a failure (" + error_summary(result) + "), but version " + version + " of model " +
                model + " exists with this origin (" + existing->state + "): going on");
  deployment.state = existing->state;
  if (!wait && existing->state != "READY") deployment.version_status = "creating";
}

AiPlatformBackend::FollowedVersion AiPlatformBackend::follow_version(const std::string& version,
                                                                     const WaitOptions& wait) {
  FollowedVersion followed;
  if (context_.runner().dry_run()) {
    context_.runner().note("repeated every " + std::to_string(wait.poll_interval.count()) +
                           " s until the version is READY or FAILED (wait.poll_interval):");
    context_.runner().run(commands_.describe_version(version), Capture::both);
    return followed;
  }
  auto progress = release::make_progress(std::cerr, release::stderr_is_live_terminal(), context_.options.quiet);
  release::WatchHooks hooks;
  hooks.poll = [&] {
    const auto found = read_version(version);
    if (!found) throw cloud_error("version " + version + " disappeared while it was being created");
    followed.version = *found;
    const bool final = found->state != "CREATING" && found->state != "UNKNOWN";
    return release::Observation{found->state, final, found->created};
  };
  hooks.warn = [this](const std::string& message) { context_.warn(message); };
  release::StopSignals stop_signals;
  release::SystemClock clock;
  followed.outcome = release::watch(hooks, clock, *progress, watch_options(wait, "version " + version));
  return followed;
}

void AiPlatformBackend::check_version_end(const FollowedVersion& followed, const std::string& version,
                                          const WaitOptions& wait) {
  const auto model = context_.settings().str("model.name");
  stop_unless_finished(followed.outcome, wait,
                       {"version " + version + " of model " + model, "magritte deploy --wait --version " + version, ""});
  if (followed.version.state == "READY") return;
  const auto message = followed.version.error_message.empty() ? "(no error message)" : followed.version.error_message;
  throw cloud_error("version " + version + " of model " + model + " is " + followed.version.state + ": " + message,
                    "fix the model at its origin, then delete the version (" + delete_hint(version) +
                        ") or deploy under another --version");
}

Deployment AiPlatformBackend::deploy(bool wait, const WaitOptions& wait_options) {
  const auto& settings = context_.settings();
  const auto model = settings.str("model.name");
  const auto version = settings.str("model.version");
  const auto origin = settings.str("deploy.origin");
  Deployment deployment;
  if (context_.runner().dry_run()) {
    plan_deploy(version, wait, wait_options);
    return deployment;
  }

  const auto capture = context_.json_output() ? Capture::stdout_only : Capture::none;
  if (describe_or_null(context_.runner(), commands_.describe_model()).is_null()) {
    context_.info("magritte: model " + model + " does not exist yet: creating it");
    create_model(capture);
    deployment.model_created = true;
  }
  if (const auto existing = read_version(version)) {
    deployment.version_status = existing_version_status(*existing, version);
    deployment.state = existing->state;
  } else {
    create_version(wait, capture, deployment);
  }

  if (deployment.version_status == "unchanged") {
    context_.info("magritte: version " + version + " of model " + model + " already exists with origin " + origin +
                  "; nothing to do");
  } else if (wait) {
    context_.info("magritte: waiting for version " + version + " of model " + model + " to be READY");
    const auto followed = follow_version(version, wait_options);
    deployment.state = followed.version.state;
    deployment.waited = followed.outcome.elapsed;
    check_version_end(followed, version, wait_options);  // the READY line is already on stderr
  } else if (deployment.version_status == "creating") {
    context_.info("magritte: version " + version + " exists with origin " + origin +
                  " and is still being created; wait for it with: magritte deploy --wait");
  }
  return deployment;
}

}  // namespace magritte::cli
