#include "cli/deployment.hpp"

#include "cli/cloud_call.hpp"
#include "cli/model_state.hpp"
#include "magritte/error.hpp"

namespace magritte::cli {
namespace {

// Under --dry-run nothing can be asked, so every command that may run is printed, the
// conditional ones after a comment saying when they would run.
void plan_deploy(Context& context, const plan::MlBackend& backend, const std::string& version, bool wait,
                 const WaitOptions& wait_options) {
  auto& runner = context.runner();
  runner.run(backend.describe_model(), Capture::both);
  runner.note("only if the model does not exist:");
  runner.run(backend.create_model(), Capture::none);
  runner.run(backend.describe_version(version), Capture::both);
  runner.note("only if the version does not exist:");
  if (!wait) {
    runner.run(backend.create_version(version), Capture::none);
    return;
  }
  runner.run(backend.create_version_async(version), Capture::both);
  follow_version(context, backend, version, wait_options);
}

// Versions are immutable: the same name with another origin is refused; one that FAILED
// will never serve.
std::string existing_version_status(const release::VersionInfo& existing, const std::string& model,
                                    const std::string& version, const std::string& origin) {
  if (existing.origin != origin) {
    throw refused_error("version " + version + " already exists with origin " + existing.origin + ", not " + origin,
                        "versions are immutable: deploy under another --version");
  }
  if (existing.state == "FAILED") {
    throw cloud_error("version " + version + " of model " + model + " exists with origin " + origin + " but FAILED: " +
                          existing.error_message,
                      "delete it (gcloud ai-platform versions delete " + version + " --model " + model +
                          " --region global) or deploy under another --version");
  }
  return existing.state == "READY" ? "unchanged" : "creating";
}

// A creation whose answer was lost may have happened all the same: gcloud retries a POST
// whose connection broke and then gets ALREADY_EXISTS, or cannot decode a cut-short answer.
// Names are unique, so nothing is ever created twice; look before calling it a failure.
void create_model(Context& context, const plan::MlBackend& backend, const std::string& model, Capture capture) {
  const auto command = backend.create_model();
  const auto result = context.runner().run(command, capture);
  if (result.ok()) return;
  if (describe_or_null(context, backend.describe_model()).is_null()) throw_failure(command, result, capture);
  context.warn("gcloud reported a failure (" + error_summary(result) + "), but model " + model + " exists: going on");
}

// The same for the version: when it exists after a failed create, it must be ours (same
// origin, not FAILED; existing_version_status refuses anything else).
void create_version(Context& context, const plan::MlBackend& backend, bool wait, Capture capture,
                    Deployment& deployment) {
  const auto& settings = context.settings();
  const auto model = settings.str("model.name");
  const auto version = settings.str("model.version");
  const auto command = wait ? backend.create_version_async(version) : backend.create_version(version);
  const auto used = wait ? Capture::both : capture;
  const auto result = context.runner().run(command, used);
  deployment.version_status = "created";
  if (result.ok()) {
    if (!wait) deployment.state = "READY";  // gcloud waited for the operation and it succeeded
    return;
  }
  const auto existing = read_version(context, backend, version);
  if (!existing) throw_failure(command, result, used);
  existing_version_status(*existing, model, version, settings.str("deploy.origin"));
  context.warn("gcloud reported a failure (" + error_summary(result) + "), but version " + version + " of model " +
               model + " exists with this origin (" + existing->state + "): going on");
  deployment.state = existing->state;
  if (!wait && existing->state != "READY") deployment.version_status = "creating";
}

}  // namespace

Deployment deploy_version(Context& context, const plan::MlBackend& backend, bool wait, const WaitOptions& wait_options) {
  const auto& settings = context.settings();
  const auto model = settings.str("model.name");
  const auto version = settings.str("model.version");
  const auto origin = settings.str("deploy.origin");
  Deployment deployment;
  if (context.runner().dry_run()) {
    plan_deploy(context, backend, version, wait, wait_options);
    return deployment;
  }

  const auto capture = context.json_output() ? Capture::stdout_only : Capture::none;
  if (describe_or_null(context, backend.describe_model()).is_null()) {
    context.info("magritte: model " + model + " does not exist yet: creating it");
    create_model(context, backend, model, capture);
    deployment.model_created = true;
  }
  if (const auto existing = read_version(context, backend, version)) {
    deployment.version_status = existing_version_status(*existing, model, version, origin);
    deployment.state = existing->state;
  } else {
    create_version(context, backend, wait, capture, deployment);
  }

  if (deployment.version_status == "unchanged") {
    context.info("magritte: version " + version + " of model " + model + " already exists with origin " + origin +
                 "; nothing to do");
  } else if (wait) {
    context.info("magritte: waiting for version " + version + " of model " + model + " to be READY");
    const auto followed = follow_version(context, backend, version, wait_options);
    deployment.state = followed.version.state;
    deployment.waited = followed.outcome.elapsed;
    check_version_end(followed, model, version, wait_options);  // the READY line is already on stderr
  } else if (deployment.version_status == "creating") {
    context.info("magritte: version " + version + " exists with origin " + origin +
                 " and is still being created; wait for it with: magritte deploy --wait");
  }
  return deployment;
}

}  // namespace magritte::cli
