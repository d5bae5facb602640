// VertexBackend: jobs, reading what serves, switching traffic, removing versions.
// Submitting is in vertex_training.cpp, deploying in vertex_deploy.cpp.
#include "cli/backends/vertex_backend.hpp"

#include <algorithm>

#include "cli/cloud_call.hpp"
#include "cli/training.hpp"
#include "magritte/error.hpp"
#include "plan/gcloud_args.hpp"
#include "plan/vertex.hpp"

namespace magritte::cli {
namespace {

bool all_digits(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

void VertexBackend::check_names() const {
  const auto& settings = context_.settings();
  for (const auto& [key, problem] :
       {std::pair{"model.name", plan::vertex_model_id_problem(settings.str("model.name"))},
        std::pair{"model.version", settings.has("model.version") ? plan::vertex_alias_problem(settings.str("model.version"))
                                                                 : std::nullopt}}) {
    if (!problem) continue;
    const auto* setting = settings.find(key);
    throw usage_error(setting->origin.message_prefix() + ": invalid " + key + " '" + settings.str(key) +
                          "' for the Vertex AI backend: it " + *problem,
                      std::string(key) == "model.version" ? "versions become registry aliases: use e.g. 'v3' or 'v3-big'"
                                                          : "use e.g. 'magritte' or 'fruits_v2'");
  }
}

void VertexBackend::check_training_code() { cli::check_training_code(context_, /*config_file_allowed=*/false); }

bool VertexBackend::is_job_id(const std::string& text) const { return all_digits(text); }

std::string VertexBackend::list_jobs_hint() const {
  return "gcloud ai custom-jobs list --region " + context_.settings().str("train.region");
}

Command VertexBackend::job_log_command(const std::string& id, const std::string& filter) const {
  // The filter `gcloud ai custom-jobs stream-logs` sends (command_lib/ai/log_util.py).
  std::string text = "resource.type=\"ml_job\" AND resource.labels.job_id=\"" + id + "\"";
  if (!filter.empty()) text += " AND " + filter;
  return plan::logging_read(context_.settings(), text);
}

release::JobStatus VertexBackend::describe_job(const std::string& id) {
  const auto command = commands_.describe_custom_job(id);
  const auto result = context_.runner().run(command, Capture::both);
  if (is_not_found(result)) {
    throw usage_error("custom job " + id + " not found in region " + context_.settings().str("train.region"),
                      "list the jobs with: " + list_jobs_hint());
  }
  if (!result.ok()) throw_failure(command, result, Capture::both);
  return release::parse_custom_job(parse_json_output(command, result));
}

std::vector<release::JobStatus> VertexBackend::find_jobs(const std::string& name, bool prefix) {
  const auto command = commands_.list_custom_jobs(name, prefix);
  if (context_.runner().dry_run()) {
    context_.runner().run(command, Capture::both);
    return {};
  }
  const auto list = parse_json_output(command, run_checked(context_.runner(), command, Capture::both));
  return release::jobs_named(list, name, prefix);
}

// ── what serves ──

release::Endpoint VertexBackend::describe_endpoint(const std::string& id) {
  const auto command = commands_.describe_endpoint(id);
  return release::parse_endpoint(parse_json_output(command, run_checked(context_.runner(), command, Capture::both)));
}

// deploy.endpoint: an endpoint id (digits), else the display name of exactly one endpoint.
std::optional<release::Endpoint> VertexBackend::find_endpoint(Runner& reader) {
  const auto wanted = context_.settings().str("deploy.endpoint");
  if (all_digits(wanted)) {
    const auto resource = describe_or_null(reader, commands_.describe_endpoint(wanted));
    if (resource.is_null()) throw usage_error("endpoint " + wanted + " (deploy.endpoint) does not exist");
    return release::parse_endpoint(resource);
  }
  const auto command = commands_.list_endpoints();
  return endpoint_named(parse_json_output(command, run_checked(reader, command, Capture::both)));
}

// The one endpoint of the list whose display name is deploy.endpoint (nullopt: none).
std::optional<release::Endpoint> VertexBackend::endpoint_named(const nlohmann::json& list) const {
  const auto wanted = context_.settings().str("deploy.endpoint");
  const auto endpoints = release::endpoints_named(list, wanted);
  if (endpoints.empty()) return std::nullopt;
  if (endpoints.size() > 1) {
    std::string ids;
    for (const auto& endpoint : endpoints) ids += (ids.empty() ? "" : ", ") + endpoint.id;
    throw refused_error(std::to_string(endpoints.size()) + " endpoints are named " + wanted + " (" + ids +
                            "): magritte cannot tell which one serves model " + context_.settings().str("model.name"),
                        "set deploy.endpoint to the id of the one to use");
  }
  return endpoints.front();
}

VertexBackend::Snapshot VertexBackend::read_snapshot(Runner& reader) {
  Snapshot snapshot;
  const auto list = commands_.list_model_versions();
  if (reader.dry_run()) {
    reader.run(list, Capture::both);
    if (!all_digits(context_.settings().str("deploy.endpoint"))) reader.run(commands_.list_endpoints(), Capture::both);
    return snapshot;
  }
  if (all_digits(context_.settings().str("deploy.endpoint"))) {
    const auto versions = describe_or_null(reader, list);
    snapshot.model_missing = versions.is_null();
    if (!snapshot.model_missing) snapshot.versions = versions;
    snapshot.endpoint = find_endpoint(reader);
    return snapshot;
  }
  // The registry and the endpoints do not depend on each other: both gcloud processes at once.
  const auto endpoints_command = commands_.list_endpoints();
  const auto results = reader.run_all({list, endpoints_command}, Capture::both);
  const auto versions = json_or_null(list, results[0]);
  snapshot.model_missing = versions.is_null();
  if (!snapshot.model_missing) snapshot.versions = versions;
  snapshot.endpoint = endpoint_named(parse_json_output(endpoints_command, checked(endpoints_command, results[1])));
  return snapshot;
}

ServingState VertexBackend::serving_from(const Snapshot& snapshot) const {
  ServingState state;
  state.model = context_.settings().str("model.name");
  const auto* endpoint = snapshot.endpoint ? &*snapshot.endpoint : nullptr;
  state.versions = release::parse_model_versions(snapshot.versions, endpoint);
  state.default_version = release::serving_version(state.versions);
  state.alphabet = release::NameAlphabet::vertex_alias;
  if (endpoint != nullptr) {
    state.endpoint_id = endpoint->id;
    state.labels = endpoint->labels;
    state.resource = endpoint->resource;
  }
  state.history = release::read_history(state.labels, state.alphabet);
  if (const auto canary = state.labels.find(std::string(release::kCanaryLabel)); canary != state.labels.end()) {
    state.canary = release::decode_version_label(canary->second, state.alphabet).value_or("");
  }
  return state;
}

ServingState VertexBackend::read_serving(Runner& reader, bool /*with_versions: the registry is read anyway*/) {
  check_names();
  const auto snapshot = read_snapshot(reader);
  if (reader.dry_run()) return serving_from(snapshot);
  if (snapshot.model_missing) {
    throw refused_error("model " + context_.settings().str("model.name") + " does not exist in region " +
                            context_.settings().str("project.region"),
                        "create it and a version with: magritte deploy");
  }
  return serving_from(snapshot);
}

std::optional<release::VersionInfo> VertexBackend::read_version(const std::string& version) {
  const auto snapshot = read_snapshot(context_.runner());
  for (const auto& found : serving_from(snapshot).versions) {
    if (found.name == version) return found;
  }
  return std::nullopt;
}

std::optional<MlBackend::Unservable> VertexBackend::not_servable(const release::VersionInfo& version) const {
  if (version.deployed_model_id) return std::nullopt;
  return Unservable{"is not deployed on endpoint " + context_.settings().str("deploy.endpoint"),
                    "deploy it: magritte deploy --wait --version " + version.name};
}

// ── removing ──

// A deployed version costs money by the hour and cannot be deleted: undeploy it first.
void VertexBackend::remove_version(const ServingState& state, const release::VersionInfo& version) {
  if (version.traffic > 0) {
    throw refused_error("version " + version.name + " serves " + std::to_string(version.traffic) +
                        " % of the traffic; it is not removed");
  }
  undeploy_version(state, version);
  run_checked(context_.runner(), commands_.delete_model_version(version.id), Capture::both);
}

void VertexBackend::undeploy_version(const ServingState& state, const release::VersionInfo& version) {
  if (!version.deployed_model_id) return;
  if (version.traffic > 0) {
    throw refused_error("version " + version.name + " serves " + std::to_string(version.traffic) +
                        " % of the traffic; it stays deployed");
  }
  run_checked(context_.runner(), commands_.undeploy_model(state.endpoint_id, *version.deployed_model_id, std::nullopt),
              Capture::both);
}

std::string VertexBackend::delete_hint(const std::string& version) const {
  const auto& settings = context_.settings();
  return "gcloud ai models delete-version " + settings.str("model.name") + "@" + version + " --region " +
         settings.str("project.region");
}

}  // namespace magritte::cli
