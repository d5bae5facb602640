#include "cli/release_switch.hpp"

#include "cli/cloud_call.hpp"
#include "cli/model_state.hpp"
#include "magritte/error.hpp"

namespace magritte::cli {
namespace {

std::string model_name(Context& context) { return context.settings().str("model.name"); }

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

void write_history(Context& context, const plan::MlBackend& backend, const ModelState& model,
                   const std::vector<std::string>& history) {
  const auto change = release::history_change(model.labels, history);
  if (change.empty()) return;
  run_checked(context.runner(), backend.update_model_labels(change.update, change.remove), Capture::both);
}

// Returns the model as read back after the switch.
// An interruption while set-default runs leaves the default either as it was or switched
// (one request: nothing half-done, but the answer may have been lost): say so, and how to
// find out and finish.
ModelState set_default(Context& context, const plan::MlBackend& backend, const std::string& version) {
  try {
    run_checked(context.runner(), backend.set_default_version(version), Capture::both);
  } catch (const Error& error) {
    if (error.code() != ExitCode::interrupted && error.code() != ExitCode::terminated) throw;
    throw Error(error.code(), std::string(error.what()) + " (versions set-default " + version + ")",
                "the default is either still the previous version or already " + version +
                    ", nothing in between: 'magritte versions' shows which; if it is " + version +
                    ", nothing is left to do, else run the same command again");
  }
  auto after = read_model(context, backend);
  if (after.default_version != version) {
    throw cloud_error("gcloud set version " + version + " as the default of model " + after.name +
                      ", but reading the model back shows '" + after.default_version + "'");
  }
  return after;
}

// Under --dry-run: every command a switch may run, conditional ones after a note.
void plan_switch(Context& context, const plan::MlBackend& backend, const std::string& target, bool smoke,
                 bool is_rollback) {
  auto& runner = context.runner();
  const auto history_size = context.settings().integer("promote.history_size");
  runner.run(backend.describe_model(), Capture::both);
  runner.note(is_rollback ? "the target is magritte-previous-1 of the model's labels (the previous default):"
                          : "unless " + target + " already is the default:");
  runner.run(backend.describe_version(is_rollback ? "PREVIOUS" : target), Capture::both);
  if (smoke) run_smoke_test(context, is_rollback ? "PREVIOUS" : target);
  if (!is_rollback) {
    runner.note("record the outgoing default for rollback (up to " + std::to_string(history_size) +
                " previous defaults, promote.history_size):");
    runner.run(backend.update_model_labels({{"magritte-previous-1", "CURRENT_DEFAULT"}}, {}), Capture::both);
  }
  runner.run(backend.set_default_version(is_rollback ? "PREVIOUS" : target), Capture::both);
  runner.note("read back to confirm:");
  runner.run(backend.describe_model(), Capture::both);
  if (is_rollback) {
    runner.note("drop the restored entry from the history:");
    runner.run(backend.update_model_labels({}, {"magritte-previous-N"}), Capture::both);
  }
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

void require_ready(Context& context, const plan::MlBackend& backend, const std::string& version) {
  const auto model = model_name(context);
  const auto found = read_version(context, backend, version);
  if (!found) {
    throw refused_error("version " + version + " of model " + model + " does not exist; the default is unchanged",
                        "list the versions with: magritte versions");
  }
  if (found->state != "READY") {
    std::string message = "version " + version + " of model " + model + " is " + found->state + ", not READY";
    if (!found->error_message.empty()) message += " (" + found->error_message + ")";
    throw refused_error(message + "; the default is unchanged",
                        found->state == "CREATING" ? "wait for it with: magritte deploy --wait --version " + version
                                                   : "list the versions with: magritte versions");
  }
}

SwitchResult promote_version(Context& context, const plan::MlBackend& backend, const std::string& version, bool smoke) {
  SwitchResult result;
  result.model = model_name(context);
  result.version = version;
  if (context.runner().dry_run()) {
    plan_switch(context, backend, version, smoke, false);
    return result;
  }
  const auto model = read_model(context, backend);
  result.previous_default = model.default_version;
  result.history = model.history;
  if (model.default_version == version) {
    context.info("magritte: version " + version + " already is the default of model " + model.name + "; nothing to do");
    return result;
  }
  require_ready(context, backend, version);
  if (smoke) {
    result.smoke = run_smoke_test(context, version);
    require_smoke_pass(context, version, result.smoke);
  }
  if (!model.default_version.empty()) {
    const auto size = static_cast<std::size_t>(context.settings().integer("promote.history_size"));
    result.history = recordable(context, release::push_previous(model.history, model.default_version, size));
    write_history(context, backend, model, result.history);
  }
  set_default(context, backend, version);
  result.changed = true;
  context.info("magritte: version " + version + " is now the default of model " + model.name +
               (model.default_version.empty() ? "" : " (was " + model.default_version + "; undo: magritte rollback)"));
  return result;
}

SwitchResult rollback_default(Context& context, const plan::MlBackend& backend, bool smoke) {
  SwitchResult result;
  result.model = model_name(context);
  if (context.runner().dry_run()) {
    plan_switch(context, backend, "", smoke, true);
    return result;
  }
  const auto model = read_model(context, backend);
  result.previous_default = model.default_version;
  const auto index = release::rollback_index(model.history, model.default_version);
  if (!index) {
    throw refused_error("no previous default version of model " + model.name + " is recorded; nothing to roll back to",
                        "promote a version explicitly: magritte promote VERSION");
  }
  const auto target = model.history[*index];
  result.version = target;
  try {
    require_ready(context, backend, target);
  } catch (const Error& error) {
    throw refused_error(std::string(error.what()) + " (it is the recorded previous default)",
                        "promote another version explicitly: magritte promote VERSION");
  }
  if (smoke) {
    result.smoke = run_smoke_test(context, target);
    require_smoke_pass(context, target, result.smoke);
  }
  // Switch first, then drop the entries: if the bookkeeping fails, the stale entry equals
  // the new default and the next rollback skips it (release::rollback_index).
  const auto after = set_default(context, backend, target);
  result.changed = true;
  result.history.assign(model.history.begin() + static_cast<std::ptrdiff_t>(*index) + 1, model.history.end());
  try {
    write_history(context, backend, after, result.history);
  } catch (const Error& error) {
    if (error.code() != ExitCode::cloud_failed) throw;
    // The rollback itself is done; the stale entry equals the new default, which the
    // next rollback skips.
    context.warn("the default is " + target + ", but the history in the model's labels could not be updated: " +
                 error.what());
    result.history = after.history;
  }
  context.info("magritte: rolled model " + model.name + " back to version " + target + " (was " +
               model.default_version + ")");
  return result;
}

}  // namespace magritte::cli
