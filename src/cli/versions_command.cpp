// magritte versions: the model's versions, newest first, with state, creation time, origin,
// and which one is the default (Vertex: deployed or not, and each one's share of the
// endpoint's traffic) and which ones `magritte rollback` would go back to.
#include <CLI/CLI.hpp>

#include "cli/backends/ml_backend.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"

namespace magritte::cli {
namespace {

// "default" (all the traffic), "previous-1" (rollback target), or "".
std::string role_of(const release::VersionInfo& version, const ServingState& state) {
  if (version.is_default) return "default";
  for (std::size_t i = 0; i < state.history.size(); ++i) {
    if (state.history[i] == version.name) return "previous-" + std::to_string(i + 1);
  }
  return "";
}

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
  return text;
}

std::vector<std::vector<std::string>> rows_of(const ServingState& state, bool vertex) {
  std::vector<std::vector<std::string>> rows;
  if (vertex) {
    rows.push_back({"VERSION", "ID", "ALIASES", "DEPLOYED", "TRAFFIC", "CREATED", "ROLE"});
    for (const auto& version : state.versions) {
      rows.push_back({version.name, version.id, join(version.aliases), version.deployed_model_id ? "yes" : "no",
                      version.deployed_model_id ? std::to_string(version.traffic) + "%" : "-", version.create_time,
                      role_of(version, state)});
    }
    return rows;
  }
  rows.push_back({"NAME", "STATE", "CREATED", "DEFAULT", "ORIGIN"});
  for (const auto& version : state.versions) {
    rows.push_back({version.name, version.state, version.create_time, role_of(version, state), version.origin});
  }
  return rows;
}

std::string table(const std::vector<std::vector<std::string>>& rows) {
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

nlohmann::json version_json(const release::VersionInfo& version, const ServingState& state, bool vertex) {
  nlohmann::json entry = {{"name", version.name},   {"state", version.state},
                          {"create_time", version.create_time}, {"origin", version.origin},
                          {"is_default", version.is_default},   {"role", role_of(version, state)}};
  if (vertex) {
    entry["version_id"] = version.id;
    entry["aliases"] = version.aliases;
    entry["deployed"] = version.deployed_model_id.has_value();
    entry["deployed_model_id"] = version.deployed_model_id ? nlohmann::json(*version.deployed_model_id) : nullptr;
    entry["traffic_percent"] = version.traffic;
  }
  if (!version.error_message.empty()) entry["error_message"] = version.error_message;
  return entry;
}

void run_versions(Context& context) {
  const auto& settings = context.settings();
  const auto backend = make_ml_backend(context);
  const bool vertex = backend->name() == "vertex";
  nlohmann::json json = {{"command", "versions"}, {"model", settings.str("model.name")}};
  const auto state = backend->read_serving(context.runner(), true);
  if (context.runner().dry_run()) return context.emit(json, "");
  json["default_version"] = state.default_version.empty() ? nlohmann::json(nullptr) : nlohmann::json(state.default_version);
  json["history"] = state.history;
  if (vertex) json["endpoint_id"] = state.endpoint_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(state.endpoint_id);
  json["versions"] = nlohmann::json::array();
  for (const auto& version : state.versions) json["versions"].push_back(version_json(version, state, vertex));
  context.emit(json, state.versions.empty() ? "" : table(rows_of(state, vertex)));
  if (state.versions.empty()) context.info("magritte: model " + state.model + " has no versions");
}

}  // namespace

void register_versions(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "versions", "List the model's versions: state, creation time, origin, traffic, default and rollback targets");
  command->callback([&context] { run_versions(context); });
}

}  // namespace magritte::cli
