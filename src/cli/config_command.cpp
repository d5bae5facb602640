// magritte config show | path | validate: every effective setting and where it came from,
// like `git config --show-origin`, the config file in use, and whether it loads. `config
// migrate` is in config_migrate_command.cpp.
#include <CLI/CLI.hpp>
#include <algorithm>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "magritte/config.hpp"

namespace magritte::cli {
namespace {

constexpr const char* kUnsetOrigin = "-";

nlohmann::json to_json(const config::Value& value) {
  return std::visit([](const auto& v) { return nlohmann::json(v); }, value);
}

std::string kind_name(config::Origin::Kind kind) {
  switch (kind) {
    case config::Origin::Kind::default_value: return "default";
    case config::Origin::Kind::file: return "file";
    case config::Origin::Kind::env: return "env";
    case config::Origin::Kind::flag: return "flag";
  }
  return "unknown";
}

nlohmann::json origin_json(const config::Origin& origin) {
  nlohmann::json where =
      origin.where.empty() ? nlohmann::json(nullptr) : nlohmann::json(origin.where);
  return {{"kind", kind_name(origin.kind)}, {"where", where}};
}

// One row of `config show`: text columns and the JSON object.
struct Row {
  std::string key;
  std::string value;
  std::string origin;
  nlohmann::json json;
};

// A key no layer set shows as "(unset)"; one that waits for an unset key says which.
Row make_row(const config::Settings& settings, const std::string& key) {
  if (const auto* setting = settings.find(key)) {
    nlohmann::json json = {{"key", key}, {"value", to_json(setting->value)}};
    if (setting->raw != setting->value) json["raw"] = to_json(setting->raw);
    json["origin"] = origin_json(setting->origin);
    const std::string text = config::format_value(setting->value);
    return {key, text.empty() ? "\"\"" : text, setting->origin.describe(), json};
  }
  if (const auto* unresolved = settings.find_unresolved(key)) {
    nlohmann::json json = {{"key", key},
                           {"value", nullptr},
                           {"raw", to_json(unresolved->raw)},
                           {"needs", unresolved->missing_key},
                           {"origin", origin_json(unresolved->origin)}};
    return {key, "(unset: needs " + unresolved->missing_key + ")", unresolved->origin.describe(),
            json};
  }
  nlohmann::json json = {
      {"key", key}, {"value", nullptr}, {"origin", {{"kind", "unset"}, {"where", nullptr}}}};
  return {key, "(unset)", kUnsetOrigin, json};
}

std::string pad(const std::string& text, std::size_t width) {
  return text + std::string(width > text.size() ? width - text.size() : 0, ' ');
}

// Long values (a train.args list) overflow their column instead of widening it for all.
constexpr std::size_t kMaxAlignedValue = 48;

std::string render_table(const std::vector<Row>& rows) {
  std::size_t key_width = 3;
  std::size_t value_width = 5;
  for (const auto& row : rows) {
    key_width = std::max(key_width, row.key.size());
    if (row.value.size() <= kMaxAlignedValue) value_width = std::max(value_width, row.value.size());
  }
  std::string text = pad("KEY", key_width) + "  " + pad("VALUE", value_width) + "  ORIGIN\n";
  for (const auto& row : rows) {
    text += pad(row.key, key_width) + "  " + pad(row.value, value_width) + "  " + row.origin + "\n";
  }
  return text;
}

nlohmann::json config_file_json(const config::Settings& settings) {
  if (!settings.config_file()) return nullptr;
  return settings.config_file()->string();
}

void show(Context& context) {
  const auto& settings = context.settings();
  std::vector<Row> rows;
  nlohmann::json json_rows = nlohmann::json::array();
  for (const auto& info : config::schema()) {
    rows.push_back(make_row(settings, info.key));
    json_rows.push_back(rows.back().json);
  }
  context.emit({{"config_file", config_file_json(settings)}, {"settings", json_rows}},
               render_table(rows));
}

void path(Context& context) {
  const auto& settings = context.settings();
  if (!settings.config_file()) {
    context.info(
        "magritte: no config file (none given with --config or $MAGRITTE_CONFIG, "
        "and no ./magritte.toml)");
  }
  context.emit({{"config_file", config_file_json(settings)}},
               settings.config_file() ? settings.config_file()->string() : "");
}

// Loading is validating: every layer, interpolation and check ran, or an error says what.
void validate_config(Context& context) {
  const auto& settings = context.settings();
  const std::string file = settings.config_file() ? settings.config_file()->string() : "(no config file)";
  context.emit({{"config_file", config_file_json(settings)}, {"valid", true}}, file + ": valid");
}

}  // namespace

void register_config(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("config", "Inspect magritte's configuration");
  command->require_subcommand(1);
  command->add_subcommand("show", "Print every effective setting and where it came from")
      ->callback([&context] { show(context); });
  command->add_subcommand("path", "Print the config file in use")->callback([&context] {
    path(context);
  });
  command->add_subcommand("validate", "Load the configuration and check every value (exit 2 if one is wrong)")
      ->callback([&context] { validate_config(context); });
  register_config_migrate(*command, context);
}

}  // namespace magritte::cli
