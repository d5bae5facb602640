// magritte versions: the model's versions, newest first, with state, creation time, origin,
// and which one is the default and which ones `magritte rollback` would go back to.
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/model_state.hpp"
#include "plan/ml_backend.hpp"

namespace magritte::cli {
namespace {

// "default", "previous-1" (rollback target), or "".
std::string role_of(const release::VersionInfo& version, const ModelState& model) {
  if (version.is_default) return "default";
  for (std::size_t i = 0; i < model.history.size(); ++i) {
    if (model.history[i] == version.name) return "previous-" + std::to_string(i + 1);
  }
  return "";
}

std::string table(const std::vector<release::VersionInfo>& versions, const ModelState& model) {
  std::vector<std::vector<std::string>> rows = {{"NAME", "STATE", "CREATED", "DEFAULT", "ORIGIN"}};
  for (const auto& version : versions) {
    rows.push_back({version.name, version.state, version.create_time, role_of(version, model), version.origin});
  }
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string text;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text += line + "\n";
  }
  return text;
}

void run_versions(Context& context) {
  const auto& settings = context.settings();
  const auto backend = plan::make_ml_backend(settings);
  nlohmann::json json = {{"command", "versions"}, {"model", settings.str("model.name")}};
  if (context.runner().dry_run()) {
    context.runner().run(backend->describe_model(), Capture::both);
    context.runner().run(backend->list_versions(), Capture::both);
    return context.emit(json, "");
  }
  const auto model = read_model(context, *backend);
  const auto versions = read_versions(context, *backend, model);
  json["default_version"] = model.default_version.empty() ? nlohmann::json(nullptr) : nlohmann::json(model.default_version);
  json["history"] = model.history;
  json["versions"] = nlohmann::json::array();
  for (const auto& version : versions) {
    nlohmann::json entry = {{"name", version.name},   {"state", version.state},
                            {"create_time", version.create_time}, {"origin", version.origin},
                            {"is_default", version.is_default},   {"role", role_of(version, model)}};
    if (!version.error_message.empty()) entry["error_message"] = version.error_message;
    json["versions"].push_back(entry);
  }
  context.emit(json, versions.empty() ? "" : table(versions, model));
  if (versions.empty()) context.info("magritte: model " + model.name + " has no versions");
}

}  // namespace

void register_versions(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "versions", "List the model's versions: state, creation time, origin, default and rollback targets");
  command->callback([&context] { run_versions(context); });
}

}  // namespace magritte::cli
