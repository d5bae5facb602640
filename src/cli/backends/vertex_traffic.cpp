// VertexBackend's traffic: the full switch (all the traffic to one version, the history and
// the canary record in the same endpoint PATCH, then the registry's `default` alias), the
// canary share, and putting a split back.
#include "cli/backends/vertex_backend.hpp"

#include "cli/cloud_call.hpp"
#include "magritte/error.hpp"
#include "predict/endpoint.hpp"
#include "predict/transport.hpp"
#include "release/traffic_split.hpp"

namespace magritte::cli {
namespace {

const release::VersionInfo* find_version(const ServingState& state, const std::string& name) {
  for (const auto& version : state.versions) {
    if (version.name == name) return &version;
  }
  return nullptr;
}

// The endpoint's split as deployed model id → percent.
release::Split split_of(const ServingState& state) {
  release::Split split;
  for (const auto& version : state.versions) {
    if (version.deployed_model_id && version.traffic > 0) split[*version.deployed_model_id] = version.traffic;
  }
  return split;
}

// `state` as the endpoint's answer to a PATCH shows it.
ServingState with_endpoint(ServingState state, const nlohmann::json& resource) {
  const auto endpoint = release::parse_endpoint(resource);
  state.labels = endpoint.labels;
  state.history = release::read_history(state.labels, state.alphabet);
  state.canary.clear();
  if (const auto canary = state.labels.find(std::string(release::kCanaryLabel)); canary != state.labels.end()) {
    state.canary = release::decode_version_label(canary->second, state.alphabet).value_or("");
  }
  state.resource = endpoint.resource;
  for (auto& version : state.versions) {
    version.traffic = 0;
    if (version.deployed_model_id) {
      const auto share = endpoint.traffic.find(*version.deployed_model_id);
      if (share != endpoint.traffic.end()) version.traffic = share->second;
    }
    version.is_default = version.traffic == 100;
  }
  state.default_version = release::serving_version(state.versions);
  return state;
}

}  // namespace

bool VertexBackend::splits_traffic() const { return true; }

ServingState VertexBackend::patch_endpoint(const ServingState& state, const release::Split& split,
                                           const std::map<std::string, std::string>& update_labels,
                                           const std::vector<std::string>& remove_labels, const std::string& what) {
  const auto command = commands_.update_endpoint(state.endpoint_id, split, update_labels, remove_labels);
  RunResult result;
  try {
    result = run_checked(context_.runner(), command, Capture::both);
  } catch (const Error& error) {
    if (error.code() != ExitCode::interrupted && error.code() != ExitCode::terminated) throw;
    throw Error(error.code(), std::string(error.what()) + " (endpoints update " + state.endpoint_id + ")",
                "the traffic is either still as it was or " + what +
                    ", nothing in between: 'magritte versions' shows which; run the same command again to finish");
  }
  if (context_.runner().dry_run()) return state;
  return with_endpoint(state, parse_json_output(command, result));
}

// One PATCH gives the version all the traffic, writes the history and drops the canary
// record with it, so there is no moment where one is done and the others not; its answer
// is the endpoint afterwards (no second read).
ServingState VertexBackend::switch_to(const ServingState& before, const std::string& version,
                                      const std::vector<std::string>& history, HistoryWrite /*when: one PATCH*/) {
  const auto* target = find_version(before, version);
  if (target == nullptr || !target->deployed_model_id) {
    throw refused_error("version " + version + " is not deployed on endpoint " + context_.settings().str("deploy.endpoint"));
  }
  auto change = release::history_change(before.labels, history, before.alphabet);
  if (before.labels.count(std::string(release::kCanaryLabel)) != 0) change.remove.emplace_back(release::kCanaryLabel);
  const auto after = patch_endpoint(before, {{*target->deployed_model_id, 100}}, change.update, change.remove,
                                    "all on " + version);
  if (after.default_version != version) {
    throw cloud_error("gcloud gave version " + version + " all the traffic of endpoint " + before.endpoint_id +
                      ", but the endpoint's answer shows " +
                      (after.default_version.empty() ? std::string("a split") : after.default_version));
  }
  move_default_alias(*target);
  return after;
}

ServingState VertexBackend::set_canary(const ServingState& before, const std::string& version, int percent) {
  const auto* target = find_version(before, version);
  if (target == nullptr || !target->deployed_model_id) {
    throw refused_error("version " + version + " is not deployed on endpoint " + context_.settings().str("deploy.endpoint"));
  }
  const auto split = release::canary_split(split_of(before), *target->deployed_model_id, percent);
  const auto label = release::encode_version_label(version, before.alphabet);
  std::map<std::string, std::string> update;
  std::vector<std::string> remove;
  if (label) {
    update[std::string(release::kCanaryLabel)] = *label;
  } else {
    remove.emplace_back(release::kCanaryLabel);  // an older canary's label would name the wrong version
  }
  return patch_endpoint(before, split, update, remove, std::to_string(percent) + " % on " + version);
}

void VertexBackend::restore_split(const ServingState& before) {
  std::map<std::string, std::string> update;
  std::vector<std::string> remove;
  if (const auto canary = before.labels.find(std::string(release::kCanaryLabel)); canary != before.labels.end()) {
    update[canary->first] = canary->second;
  } else {
    remove.emplace_back(release::kCanaryLabel);
  }
  patch_endpoint(before, split_of(before), update, remove, "back as it was");
}

// gcloud has no command that moves an alias: models.mergeVersionAliases through the same
// REST transport as predictions. The traffic is what users get; the alias follows it for
// the registry's readers, so a failure here is a warning.
void VertexBackend::finish_switch(const ServingState& state, const std::string& version) {
  for (const auto& found : state.versions) {
    if (found.name == version) move_default_alias(found);  // returns at once when it holds it
  }
}

void VertexBackend::move_default_alias(const release::VersionInfo& version) {
  const auto& settings = context_.settings();
  const auto region = settings.str("project.region");
  if (context_.runner().dry_run()) {
    context_.runner().note("then the registry's default alias, over HTTPS without gcloud: POST .../models/" +
                           settings.str("model.name") + "@VERSION_ID:mergeVersionAliases {\"versionAliases\": [\"default\"]}");
    return;
  }
  if (std::find(version.aliases.begin(), version.aliases.end(), "default") != version.aliases.end()) return;
  try {
    const auto& connection = context_.connection();
    const auto api = predict::regional_aiplatform_endpoint(connection.aiplatform_endpoint_override, region, false);
    const auto url = api + "v1/projects/" + predict::encode_segment(connection.project) + "/locations/" +
                     predict::encode_segment(region) + "/models/" + predict::encode_segment(settings.str("model.name")) +
                     "@" + predict::encode_segment(version.id) + ":mergeVersionAliases";
    const auto response =
        predict::make_curl_transport(connection)->post_json(url, R"({"versionAliases": ["default"]})");
    if (response.status != 200) {
      context_.warn("version " + version.name + " has all the traffic, but the registry's default alias could not be "
                    "moved to it (" + (response.status ? "HTTP " + std::to_string(response.status) : response.error) +
                    ")");
    }
  } catch (const Error& error) {
    if (error.code() != ExitCode::cloud_failed && error.code() != ExitCode::usage) throw;
    context_.warn("version " + version.name + " has all the traffic, but the registry's default alias could not be "
                  "moved to it: " + error.what());
  }
}

void VertexBackend::plan_switch(const std::string& target, const std::function<void(const std::string&)>& plan_smoke,
                                bool is_rollback, std::optional<int> canary_percent, bool canary_only) {
  auto& runner = context_.runner();
  read_snapshot(runner);
  const auto shown = is_rollback ? std::string("PREVIOUS") : target;
  runner.note(is_rollback ? "the target is magritte-previous-1 of the endpoint's labels (what served before), or "
                            "during a canary the version that served before it:"
                          : "unless " + target + " already has all the traffic:");
  if (canary_percent) {
    runner.note("a canary share of " + std::to_string(*canary_percent) + " % for " + shown +
                (canary_only ? "" : " (promote.canary_percent)") + ", the others keeping their proportions:");
    runner.run(commands_.update_endpoint("ENDPOINT_ID",
                                         plan::TrafficSplit{{"CANDIDATE_ID", *canary_percent},
                                                            {"CURRENT_ID", 100 - *canary_percent}},
                                         {{std::string(release::kCanaryLabel), shown}}, {}),
               Capture::both);
    if (plan_smoke) {
      plan_smoke(shown);
      runner.note("if the smoke test fails: the split put back as it was, and exit 3");
    }
    if (canary_only) return;  // promote --canary stops at the share
  }
  runner.note("all the traffic to " + shown + "'s deployed model, the history in the endpoint's labels, in one "
              "request whose answer confirms it:");
  runner.run(commands_.update_endpoint("ENDPOINT_ID", plan::TrafficSplit{{"DEPLOYED_MODEL_ID", 100}},
                                       {{"magritte-previous-1", is_rollback ? "..." : "CURRENT_DEFAULT"}},
                                       {std::string(release::kCanaryLabel)}),
             Capture::both);
  move_default_alias({});
}

}  // namespace magritte::cli
