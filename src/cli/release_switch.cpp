#include "cli/release_switch.hpp"

#include "magritte/error.hpp"

namespace magritte::cli {
namespace {

std::string model_name(Context& context) { return context.settings().str("model.name"); }

// Under --dry-run: where the smoke test would run, for the backend's plan.
std::function<void(const std::string&)> plan_smoke(Context& context, bool smoke) {
  if (!smoke) return {};
  return [&context](const std::string& version) { run_smoke_test(context, version); };
}

// Names that cannot be written as a label value (too long once capitals are escaped) are
// left out of the history, with a warning: the switch itself must not depend on it.
std::vector<std::string> recordable(Context& context, const std::vector<std::string>& history) {
  std::vector<std::string> kept;
  for (const auto& name : history) {
    if (release::encode_version_label(name)) {
      kept.push_back(name);
    } else {
      context.warn("version " + name + " cannot be recorded for rollback: its name is longer than a label value "
                   "allows (63 characters, capitals counting twice)");
    }
  }
  return kept;
}

}  // namespace

nlohmann::json SwitchResult::to_json() const {
  nlohmann::json json = {{"model", model},
                         {"version", version},
                         {"previous_default", previous_default.empty() ? nlohmann::json(nullptr) : nlohmann::json(previous_default)},
                         {"changed", changed},
                         {"history", history}};
  if (smoke.ran) json["smoke"] = {{"ok", smoke.ok()}, {"images", smoke.images}};
  return json;
}

void require_servable(Context& context, MlBackend& backend, const std::string& version) {
  const auto model = model_name(context);
  const auto found = backend.read_version(version);
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

SwitchResult promote_version(Context& context, MlBackend& backend, const std::string& version, bool smoke) {
  SwitchResult result;
  result.model = model_name(context);
  result.version = version;
  if (context.runner().dry_run()) {
    backend.plan_switch(version, plan_smoke(context, smoke), false);
    return result;
  }
  const auto model = backend.read_serving(context.runner(), false);
  result.previous_default = model.default_version;
  result.history = model.history;
  if (model.default_version == version) {
    context.info("magritte: version " + version + " already is the default of model " + model.model + "; nothing to do");
    return result;
  }
  require_servable(context, backend, version);
  if (smoke) {
    result.smoke = run_smoke_test(context, version);
    require_smoke_pass(context, version, result.smoke);
  }
  if (!model.default_version.empty()) {
    const auto size = static_cast<std::size_t>(context.settings().integer("promote.history_size"));
    result.history = recordable(context, release::push_previous(model.history, model.default_version, size));
  }
  backend.switch_to(model, version, result.history, HistoryWrite::before_switch);
  result.changed = true;
  context.info("magritte: version " + version + " is now the default of model " + model.model +
               (model.default_version.empty() ? "" : " (was " + model.default_version + "; undo: magritte rollback)"));
  return result;
}

SwitchResult rollback_default(Context& context, MlBackend& backend, bool smoke) {
  SwitchResult result;
  result.model = model_name(context);
  if (context.runner().dry_run()) {
    backend.plan_switch("", plan_smoke(context, smoke), true);
    return result;
  }
  const auto model = backend.read_serving(context.runner(), false);
  result.previous_default = model.default_version;
  const auto index = release::rollback_index(model.history, model.default_version);
  if (!index) {
    throw refused_error("no previous default version of model " + model.model + " is recorded; nothing to roll back to",
                        "promote a version explicitly: magritte promote VERSION");
  }
  const auto target = model.history[*index];
  result.version = target;
  try {
    require_servable(context, backend, target);
  } catch (const Error& error) {
    throw refused_error(std::string(error.what()) + " (it is the recorded previous default)",
                        "promote another version explicitly: magritte promote VERSION");
  }
  if (smoke) {
    result.smoke = run_smoke_test(context, target);
    require_smoke_pass(context, target, result.smoke);
  }
  // Switch first, then drop the entries it went past (see HistoryWrite::after_switch).
  const std::vector<std::string> remaining(model.history.begin() + static_cast<std::ptrdiff_t>(*index) + 1,
                                           model.history.end());
  const auto after = backend.switch_to(model, target, remaining, HistoryWrite::after_switch);
  result.changed = true;
  result.history = after.history;
  context.info("magritte: rolled model " + model.model + " back to version " + target + " (was " +
               model.default_version + ")");
  return result;
}

}  // namespace magritte::cli
