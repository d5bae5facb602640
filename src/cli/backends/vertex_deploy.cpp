// VertexBackend::deploy: a registry version (models upload, aliased with magritte's version
// name), the model's endpoint (found by display name, created once), and the version
// deployed on it with a deployed model id derived from the version, so that a second
// deploy of the same version is refused by the service rather than done twice: a re-run
// after an interruption or a --timeout finds the deployment under way and waits for it.
#include <iostream>

#include "cli/backends/vertex_backend.hpp"
#include "cli/cloud_call.hpp"
#include "magritte/error.hpp"
#include "plan/vertex_images.hpp"
#include "release/progress.hpp"
#include "release/watch.hpp"

namespace magritte::cli {
namespace {

bool already_exists(const RunResult& result) {
  return result.err.find("ALREADY_EXISTS") != std::string::npos || result.err.find("already exists") != std::string::npos;
}

std::string text_of(const nlohmann::json& json, const char* field) {
  return json.is_object() && json.contains(field) && json[field].is_string() ? json[field].get<std::string>() : "";
}

}  // namespace

void VertexBackend::plan_deploy(const std::string& version) {
  auto& runner = context_.runner();
  read_snapshot(runner);
  runner.note("only if the registry has no version " + version + " (later versions: --parent-model instead of "
              "--model-id):");
  runner.run(commands_.upload_model(version, std::nullopt, plan::serving_image(context_.settings()).uri), Capture::none);
  runner.note("only if no endpoint is named " + context_.settings().str("deploy.endpoint") + ":");
  runner.run(commands_.create_endpoint(), Capture::both);
  runner.note("only if " + version + " is not deployed on it (the first version gets 100 % of the traffic, later "
              "ones 0 %; the deployed model id comes from the version id):");
  runner.run(commands_.deploy_model("ENDPOINT_ID", "VERSION_ID", version, "DEPLOYED_MODEL_ID", {{"0", 100}}),
             Capture::none);
}

// Returns the new version's id. A failed upload whose version exists all the same (the
// answer was lost) is ours when it has our origin.
std::string VertexBackend::upload_version(const Snapshot& snapshot, Deployment& deployment) {
  const auto& settings = context_.settings();
  const auto version = settings.str("model.version");
  const auto image = plan::serving_image(settings);
  for (const auto& note : image.notes) context_.warn(note);
  std::optional<std::string> parent;
  if (!snapshot.model_missing && !snapshot.versions.empty()) {
    auto name = text_of(snapshot.versions.front(), "name");
    parent = name.substr(0, name.find('@'));
  }
  deployment.model_created = !parent.has_value();
  const auto command = commands_.upload_model(version, parent, image.uri);
  context_.info("magritte: uploading version " + version + " of model " + settings.str("model.name") + " from " +
                settings.str("deploy.origin") + (parent ? "" : " (the model's first version)"));
  const auto result = context_.runner().run(command, Capture::stdout_only);
  if (result.ok()) {
    const auto answer = parse_json_output(command, result);
    if (const auto id = text_of(answer, "modelVersionId"); !id.empty()) return id;
  }
  // No answer to read: look.
  const auto again = read_snapshot(context_.runner());
  for (const auto& found : release::parse_model_versions(again.versions, nullptr)) {
    if (found.name != version || found.origin != settings.str("deploy.origin")) continue;
    if (!result.ok()) {
      context_.warn("gcloud reported a failure (" + error_summary(result) + "), but version " + version +
                    " exists with this origin: going on");
    }
    return found.id;
  }
  throw_failure(command, result, Capture::stdout_only);
}

release::Endpoint VertexBackend::ensure_endpoint(const Snapshot& snapshot) {
  if (snapshot.endpoint) return *snapshot.endpoint;
  context_.info("magritte: creating endpoint " + context_.settings().str("deploy.endpoint"));
  const auto command = commands_.create_endpoint();
  const auto result = context_.runner().run(command, Capture::both);
  if (result.ok()) return release::parse_endpoint(parse_json_output(command, result));
  if (const auto found = find_endpoint(context_.runner())) {
    context_.warn("gcloud reported a failure (" + error_summary(result) + "), but endpoint " + found->display_name +
                  " exists: going on");
    return *found;
  }
  throw_failure(command, result, Capture::both);
}

void VertexBackend::wait_until_deployed(const std::string& endpoint_id, const std::string& deployed_id,
                                        const WaitOptions& wait, Deployment& deployment) {
  const auto version = context_.settings().str("model.version");
  auto progress = release::make_progress(std::cerr, release::stderr_is_live_terminal(), context_.options.quiet);
  release::WatchHooks hooks;
  hooks.poll = [&] {
    const auto endpoint = describe_endpoint(endpoint_id);
    bool deployed = false;
    for (const auto& model : endpoint.deployed) deployed = deployed || model.id == deployed_id;
    return release::Observation{deployed ? "DEPLOYED" : "DEPLOYING", deployed, std::nullopt};
  };
  hooks.warn = [this](const std::string& message) { context_.warn(message); };
  release::StopSignals stop_signals;
  release::SystemClock clock;
  const auto outcome = release::watch(hooks, clock, *progress, watch_options(wait, "deployment of " + version));
  deployment.waited = outcome.elapsed;
  stop_unless_finished(outcome, wait, {"the deployment of version " + version, "magritte deploy --wait --version " + version, ""});
}

void VertexBackend::deploy_to_endpoint(const release::Endpoint& endpoint, const std::string& version_id, bool wait,
                                       const WaitOptions& wait_options, Deployment& deployment) {
  const auto& settings = context_.settings();
  const auto version = settings.str("model.version");
  const auto deployed_id = plan::deployed_model_id_for(settings.str("model.name"), version_id);
  const bool first = endpoint.deployed.empty();
  const auto command =
      commands_.deploy_model(endpoint.id, version_id, version, deployed_id, first ? plan::TrafficSplit{{"0", 100}} : plan::TrafficSplit{});
  deployment.details["deployed_model_id"] = deployed_id;
  deployment.details["traffic_percent"] = first ? 100 : 0;
  context_.info("magritte: deploying version " + version + " on endpoint " + endpoint.id + " as deployed model " +
                deployed_id + " with " + (first ? "all" : "none") + " of the traffic; gcloud waits for it");
  const auto started = std::chrono::steady_clock::now();
  RunResult result;
  try {
    result = wait && wait_options.timeout
                 ? context_.runner().run_until(command, Capture::stdout_only, started + *wait_options.timeout)
                 : context_.runner().run(command, Capture::stdout_only);
  } catch (const Error& error) {
    if (error.code() != ExitCode::interrupted && error.code() != ExitCode::terminated) throw;
    throw Error(error.code(), std::string(error.what()) + " (endpoints deploy-model " + endpoint.id + ")",
                "the deployment goes on in the service: 'magritte deploy --wait --version " + version +
                    "' waits for it (it never deploys the same version twice)");
  }
  deployment.waited = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started);
  if (result.timed_out) {
    throw Error(ExitCode::timeout,
                "gave up waiting for the deployment of version " + version + " after " +
                    std::to_string(wait_options.timeout->count()) + " s (--timeout); it goes on",
                "wait again: magritte deploy --wait --version " + version);
  }
  if (result.ok()) return;
  const auto now = describe_endpoint(endpoint.id);
  for (const auto& model : now.deployed) {
    if (model.id != deployed_id) continue;
    context_.warn("gcloud reported a failure (" + error_summary(result) + "), but version " + version +
                  " is deployed: going on");
    return;
  }
  if (!already_exists(result)) throw_failure(command, result, Capture::stdout_only);
  // Deployed model ids are unique on an endpoint: ours is taken by a deployment under way.
  if (!wait) {
    deployment.version_status = "creating";
    deployment.state = "DEPLOYING";
    context_.info("magritte: version " + version + " is already being deployed (deployed model " + deployed_id +
                  "); wait for it with: magritte deploy --wait");
    return;
  }
  context_.info("magritte: version " + version + " is already being deployed (deployed model " + deployed_id +
                "): waiting for it");
  wait_until_deployed(endpoint.id, deployed_id, wait_options, deployment);
}

Deployment VertexBackend::deploy(bool wait, const WaitOptions& wait_options) {
  check_names();
  const auto& settings = context_.settings();
  const auto version = settings.str("model.version");
  const auto origin = settings.str("deploy.origin");
  Deployment deployment;
  if (context_.runner().dry_run()) {
    plan_deploy(version);
    return deployment;
  }
  const auto snapshot = read_snapshot(context_.runner());
  const auto* endpoint_now = snapshot.endpoint ? &*snapshot.endpoint : nullptr;
  std::optional<release::VersionInfo> existing;
  for (const auto& found : release::parse_model_versions(snapshot.versions, endpoint_now)) {
    if (found.name == version) existing = found;
  }
  std::string version_id;
  if (existing) {
    if (existing->origin != origin) {
      throw refused_error("version " + version + " already exists with origin " + existing->origin + ", not " + origin,
                          "versions are immutable: deploy under another --version");
    }
    version_id = existing->id;
    deployment.version_status = "unchanged";
  } else {
    version_id = upload_version(snapshot, deployment);
    deployment.version_status = "created";
  }
  const auto endpoint = ensure_endpoint(snapshot);
  deployment.details = {{"version_id", version_id}, {"endpoint_id", endpoint.id}};
  deployment.state = "DEPLOYED";
  if (const auto* deployed = endpoint.find_deployed_version(version_id)) {
    const auto share = endpoint.traffic.find(deployed->id);
    deployment.details["deployed_model_id"] = deployed->id;
    deployment.details["traffic_percent"] = share == endpoint.traffic.end() ? 0 : share->second;
    if (deployment.version_status == "unchanged") {
      context_.info("magritte: version " + version + " of model " + settings.str("model.name") +
                    " already exists with origin " + origin + " and is deployed; nothing to do");
    }
    return deployment;
  }
  if (deployment.version_status == "unchanged") deployment.version_status = "created";  // the deployment is new
  deploy_to_endpoint(endpoint, version_id, wait, wait_options, deployment);
  return deployment;
}

}  // namespace magritte::cli
