#include "cli/release_switch.hpp"

#include "magritte/error.hpp"

namespace magritte::cli {
namespace {

std::string model_name(Context& context) { return context.settings().str("model.name"); }


// Under --dry-run: where the smoke test would run, for the backend's plan.
std::function<void(const std::string&)> plan_smoke(Context& context, MlBackend& backend, bool smoke) {
  if (!smoke) return {};
  return [&context, &backend](const std::string& version) { run_smoke_test(context, backend, {}, version); };
}

// Names that cannot be written as a label value (too long once capitals are escaped) are
// left out of the history, with a warning: the switch itself must not depend on it.
std::vector<std::string> recordable(Context& context, const std::vector<std::string>& history,
                                    release::NameAlphabet alphabet) {
  std::vector<std::string> kept;
  for (const auto& name : history) {
    if (release::encode_version_label(name, alphabet)) {
      kept.push_back(name);
    } else {
      context.warn("version " + name + " cannot be recorded for rollback: its name is longer than a label value "
                   "allows (63 characters, capitals counting twice)");
    }
  }
  return kept;
}

// What serves apart from the canary: the default, or during a canary the version with the
// largest share of the rest (what served before the canary began).
std::string main_version(const ServingState& state) {
  if (!state.default_version.empty()) return state.default_version;
  const release::VersionInfo* best = nullptr;
  for (const auto& version : state.versions) {
    if (version.name == state.canary || version.traffic <= 0) continue;
    if (best == nullptr || version.traffic > best->traffic) best = &version;
  }
  return best ? best->name : "";
}

int share_of(const ServingState& state, const std::string& name) {
  for (const auto& version : state.versions) {
    if (version.name == name) return version.traffic;
  }
  return 0;
}

// The canary step of a Vertex promote: `version` gets `percent` %, the smoke test asks it
// there, and a failure puts the split back exactly as it was. Returns the state after.
ServingState canary_step(Context& context, MlBackend& backend, const ServingState& before, const std::string& version,
                         int percent, bool smoke, SwitchResult& result) {
  ServingState during = before;
  if (share_of(before, version) != percent || before.canary != version) {
    during = backend.set_canary(before, version, percent);
    context.info("magritte: version " + version + " has " + std::to_string(percent) + " % of the traffic (canary)");
  }
  if (!smoke) return during;
  result.smoke = run_smoke_test(context, backend, during, version);
  if (result.smoke.ok()) {
    require_smoke_pass(context, version, result.smoke);
    return during;
  }
  backend.restore_split(before);
  require_smoke_pass(context, version, result.smoke, "the traffic split is back as it was before the canary");
  return during;  // not reached: require_smoke_pass threw
}

}  // namespace

nlohmann::json SwitchResult::to_json() const {
  nlohmann::json json = {{"model", model},
                         {"version", version},
                         {"previous_default", previous_default.empty() ? nlohmann::json(nullptr) : nlohmann::json(previous_default)},
                         {"changed", changed},
                         {"history", history}};
  if (canary_percent) json["canary_percent"] = *canary_percent;
  if (smoke.ran) json["smoke"] = {{"ok", smoke.ok()}, {"images", smoke.images}, {"requests", smoke.requests}};
  return json;
}

void require_servable(Context& context, MlBackend& backend, const std::string& version) {
  check_servable(context, backend, {}, version);
}

void check_servable(Context& context, MlBackend& backend, const ServingState& state, const std::string& version) {
  const auto model = model_name(context);
  std::optional<release::VersionInfo> found;
  if (backend.splits_traffic() && !state.model.empty()) {
    for (const auto& listed : state.versions) {
      if (listed.name == version) found = listed;
    }
  } else {
    found = backend.read_version(version);
  }
  if (!found) {
    throw refused_error("version " + version + " of model " + model + " does not exist; the default is unchanged",
                        "list the versions with: magritte versions");
  }
  if (const auto unservable = backend.not_servable(*found)) {
    throw refused_error("version " + version + " of model " + model + " " + unservable->why +
                            "; the default is unchanged",
                        unservable->hint);
  }
}

SwitchResult promote_version(Context& context, MlBackend& backend, const std::string& version,
                             const PromoteOptions& options) {
  SwitchResult result;
  result.model = model_name(context);
  result.version = version;
  if (options.canary && !backend.splits_traffic()) backend.set_canary({}, version, *options.canary);  // explains
  const bool smoke = options.smoke && smoke_configured(context);
  if (context.runner().dry_run()) {
    // On a traffic split, the smoke test (or --canary) asks the version on a canary share first.
    std::optional<int> canary;
    if (backend.splits_traffic() && (options.canary || smoke)) {
      canary = options.canary.value_or(static_cast<int>(context.settings().integer("promote.canary_percent")));
    }
    backend.plan_switch(version, plan_smoke(context, backend, smoke), false, canary, options.canary.has_value());
    return result;
  }
  // Vertex's read lists the versions with their deployments and shares anyway; ml v1 asks
  // for the one version it needs.
  // On Vertex the switch moves the registry's alias over REST: gcloud's properties are asked
  // while the reads run.
  if (backend.splits_traffic()) context.prefetch_connection();
  auto state = backend.read_serving(context.runner(), backend.splits_traffic());
  result.previous_default = main_version(state);
  result.history = state.history;
  if (state.default_version == version) {
    backend.finish_switch(state, version);  // a switch cut off before its alias move: done now
    context.info("magritte: version " + version + " already is the default of model " + state.model + "; nothing to do");
    return result;
  }
  check_servable(context, backend, state, version);

  if (backend.splits_traffic() && (options.canary || smoke)) {
    const int percent = options.canary.value_or(static_cast<int>(context.settings().integer("promote.canary_percent")));
    state = canary_step(context, backend, state, version, percent, smoke, result);
    if (options.canary) {
      result.changed = true;
      result.canary_percent = percent;
      context.info("magritte: version " + version + " is the canary of model " + state.model + " with " +
                   std::to_string(percent) + " %; give it all the traffic with: magritte promote " + version +
                   " (undo: magritte rollback)");
      return result;
    }
  } else if (smoke) {
    result.smoke = run_smoke_test(context, backend, state, version);
    require_smoke_pass(context, version, result.smoke);
  }
  if (!result.previous_default.empty() && result.previous_default != version) {
    const auto size = static_cast<std::size_t>(context.settings().integer("promote.history_size"));
    result.history =
        recordable(context, release::push_previous(state.history, result.previous_default, size), state.alphabet);
  }
  backend.switch_to(state, version, result.history, HistoryWrite::before_switch);
  result.changed = true;
  context.info("magritte: version " + version + " is now the default of model " + state.model +
               (result.previous_default.empty() ? "" : " (was " + result.previous_default + "; undo: magritte rollback)"));
  return result;
}

SwitchResult rollback_default(Context& context, MlBackend& backend, bool smoke) {
  SwitchResult result;
  result.model = model_name(context);
  smoke = smoke && smoke_configured(context);
  if (context.runner().dry_run()) {
    backend.plan_switch("", plan_smoke(context, backend, smoke && !backend.splits_traffic()), true, std::nullopt, false);
    return result;
  }
  if (backend.splits_traffic()) context.prefetch_connection();
  const auto state = backend.read_serving(context.runner(), backend.splits_traffic());
  // During a canary the rollback takes the candidate's share away: what served before it
  // gets everything back, and the history is untouched (a canary is not a rollback target).
  if (backend.splits_traffic() && !state.canary.empty() && state.default_version.empty()) {
    const auto target = main_version(state);
    if (target.empty()) throw refused_error("the canary " + state.canary + " is all that serves; nothing to roll back to");
    result.version = target;
    result.previous_default = target;
    result.history = state.history;
    backend.switch_to(state, target, state.history, HistoryWrite::after_switch);
    result.changed = true;
    context.info("magritte: took the canary share away from " + state.canary + ": " + target +
                 " has all the traffic of model " + state.model + " again");
    return result;
  }
  result.previous_default = state.default_version;
  const auto index = release::rollback_index(state.history, state.default_version);
  if (!index) {
    throw refused_error("no previous default version of model " + state.model + " is recorded; nothing to roll back to",
                        "promote a version explicitly: magritte promote VERSION");
  }
  const auto target = state.history[*index];
  result.version = target;
  try {
    check_servable(context, backend, state, target);
  } catch (const Error& error) {
    throw refused_error(std::string(error.what()) + " (it is the recorded previous default)",
                        "promote another version explicitly: magritte promote VERSION");
  }
  // The version that served before: proven already. ml v1 still asks it, as before; on
  // Vertex it would need a canary share, which a rollback (fast, the known good) skips.
  if (smoke && !backend.splits_traffic()) {
    result.smoke = run_smoke_test(context, backend, state, target);
    require_smoke_pass(context, target, result.smoke);
  }
  // Switch first, then drop the entries it went past (see HistoryWrite::after_switch).
  const std::vector<std::string> remaining(state.history.begin() + static_cast<std::ptrdiff_t>(*index) + 1,
                                           state.history.end());
  const auto after = backend.switch_to(state, target, remaining, HistoryWrite::after_switch);
  result.changed = true;
  result.history = after.history;
  context.info("magritte: rolled model " + state.model + " back to version " + target + " (was " +
               state.default_version + ")");
  return result;
}

}  // namespace magritte::cli
