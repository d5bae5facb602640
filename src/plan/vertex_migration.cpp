#include "plan/vertex_migration.hpp"

#include <map>
#include <set>

#include "config/schema.hpp"
#include "magritte/error.hpp"
#include "plan/vertex.hpp"
#include "plan/vertex_images.hpp"
#include "plan/vertex_pools.hpp"

namespace magritte::plan {
namespace {

using config::KeySpec;
using config::Origin;
using config::Value;

// Comment lines are wrapped, values are not (a long list is split over lines instead).
constexpr std::size_t kWidth = 96;

std::string toml_text(const Value& value) { return config::format_value(value, /*quote_strings=*/true); }
std::string quoted(const std::string& text) { return toml_text(Value(text)); }

// "line 28" from "configs/magritte.toml:28".
std::string line_of(const Origin& origin) { return "line " + origin.where.substr(origin.where.rfind(':') + 1); }

std::string joined(const std::vector<std::string>& parts, const std::string& separator) {
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : separator) + part;
  return text;
}

// `# text`, wrapped at kWidth; continuation lines are indented (and all of them when
// `indented`: a list under a comment).
std::vector<std::string> comment_lines(const std::string& text, bool indented = false) {
  std::vector<std::string> lines;
  std::string line = indented ? "#  " : "#";
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const auto word = text.substr(start, end - start);
    if (line.size() + 1 + word.size() > kWidth && line.size() > 4) {
      lines.push_back(line);
      line = "#  ";
    }
    line += " " + word;
    start = end + 1;
  }
  lines.push_back(line);
  return lines;
}

// `name = value`; a list too long for one line gets one line per few elements.
std::vector<std::string> assignment(std::string_view name, const Value& value) {
  const std::string line = std::string(name) + " = " + toml_text(value);
  const auto* list = std::get_if<config::StringList>(&value);
  if (line.size() <= kWidth || list == nullptr) return {line};
  std::vector<std::string> lines = {std::string(name) + " = ["};
  std::string row = " ";
  for (const auto& item : *list) {
    const auto element = quoted(item) + ",";
    if (row.size() + 1 + element.size() > kWidth && row.size() > 1) {
      lines.push_back(row);
      row = " ";
    }
    row += " " + element;
  }
  lines.push_back(row);
  lines.push_back("]");
  return lines;
}

// {"pool 0 (chief): 1 × n1-standard-8 + 1 NVIDIA_TESLA_T4", "pool 1 (workers): ..."}
std::vector<std::string> describe_pools(const WorkerPools& pools) {
  static const char* const kRoles[] = {"chief", "workers", "parameter servers"};
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < pools.pools.size(); ++i) {
    const auto& pool = pools.pools[i];
    std::string text = "pool " + std::to_string(i) + " (" + kRoles[i] + "): " + std::to_string(pool.replica_count) +
                       " × " + pool.machine_type;
    if (pool.accelerator) text += " + " + std::to_string(pool.accelerator_count) + " " + *pool.accelerator;
    parts.push_back(text);
  }
  return parts;
}

// Keys the Vertex backend never reads, and whether dropping them loses anything.
struct Dropped {
  bool lost;
  const char* reason;
};
const std::map<std::string, Dropped, std::less<>>& dropped_keys() {
  static const std::map<std::string, Dropped, std::less<>> table = {
      {"gcloud.command_group", {false, "AI Platform's gcloud command group; Vertex AI's commands are `gcloud ai`"}},
      {"train.python_version", {true, "Vertex AI has no --python-version: the training image decides"}},
      {"deploy.python_version", {true, "Vertex AI has no --python-version: the serving image decides"}},
      {"train.config",
       {true, "an AI Platform YAML job config, which Vertex AI custom jobs do not take: move what it says into "
              "[train] keys (scale_tier, master_machine_type, ...)"}},
  };
  return table;
}

class Migrator {
public:
  explicit Migrator(const config::Settings& file) : file_(file) {}

  ConfigMigration run();

private:
  struct FileValue {
    const Value& raw;
    const Origin& origin;
  };
  std::optional<FileValue> in_file(std::string_view key) const;

  void migrate(const KeySpec& spec);
  void keep(const KeySpec& spec, const FileValue& value);
  // `where`: the line it was on, or why it applies though the file does not set it.
  void replace(const KeySpec& spec, const std::string& from, const std::string& where, const std::string& to_name,
               const std::string& to_value, const std::string& note);
  void drop(const KeySpec& spec, const FileValue& value, bool lost, const std::string& reason);
  void backend(const KeySpec& spec, const FileValue& value);
  void training_image_for(const KeySpec& spec, const FileValue& value);
  void serving_image_for(const KeySpec& spec);
  void machines(const KeySpec& spec, const FileValue& value);
  void vertex_name(const KeySpec& spec, const FileValue& value);
  void check_references();

  void comment(std::string_view section, const std::string& text, bool indented = false);
  void unmapped(const KeySpec& spec, const FileValue& value, const std::string& reason);
  std::vector<std::string>& lines(std::string_view section) { return sections_[std::string(section)]; }

  const config::Settings& file_;
  std::map<std::string, std::vector<std::string>> sections_;
  std::vector<std::pair<std::string, std::string>> kept_;  // key, raw text: for check_references
  std::set<std::string> removed_;                         // keys no longer in the file
  bool pools_described_ = false;
  ConfigMigration result_;
};

std::optional<Migrator::FileValue> Migrator::in_file(std::string_view key) const {
  if (const auto* setting = file_.find(key); setting != nullptr && setting->origin.kind == Origin::Kind::file) {
    return FileValue{setting->raw, setting->origin};
  }
  if (const auto* entry = file_.find_unresolved(key); entry != nullptr && entry->origin.kind == Origin::Kind::file) {
    return FileValue{entry->raw, entry->origin};
  }
  return std::nullopt;
}

void Migrator::comment(std::string_view section, const std::string& text, bool indented) {
  for (auto& line : comment_lines(text, indented)) lines(section).push_back(std::move(line));
}

void Migrator::unmapped(const KeySpec& spec, const FileValue& value, const std::string& reason) {
  result_.unmapped.push_back({std::string(spec.key), toml_text(value.raw), value.origin.where, reason});
}

void Migrator::keep(const KeySpec& spec, const FileValue& value) {
  for (auto& line : assignment(spec.name(), value.raw)) lines(spec.section()).push_back(std::move(line));
  if (const auto* text = std::get_if<std::string>(&value.raw)) kept_.emplace_back(spec.key, *text);
  if (const auto* list = std::get_if<config::StringList>(&value.raw)) kept_.emplace_back(spec.key, joined(*list, " "));
}

void Migrator::replace(const KeySpec& spec, const std::string& from, const std::string& where,
                       const std::string& to_name, const std::string& to_value, const std::string& note) {
  comment(spec.section(), "migrated from " + std::string(spec.key) + " = " + from + " (" + where + "): " + note);
  const auto name = to_name.substr(to_name.find('.') + 1);
  lines(spec.section()).push_back(name + " = " + to_value);
  removed_.insert(std::string(spec.key));
  result_.mapped.push_back({std::string(spec.key), from, to_name + " = " + to_value, note});
}

void Migrator::drop(const KeySpec& spec, const FileValue& value, bool lost, const std::string& reason) {
  const auto from = toml_text(value.raw);
  comment(spec.section(), "not migrated: " + std::string(spec.key) + " = " + from + " (" + line_of(value.origin) +
                              "): " + reason);
  removed_.insert(std::string(spec.key));
  if (lost) {
    unmapped(spec, value, reason);
  } else {
    result_.mapped.push_back({std::string(spec.key), from, std::nullopt, reason});
  }
}

void Migrator::backend(const KeySpec& spec, const FileValue& value) {
  replace(spec, toml_text(value.raw), line_of(value.origin), "gcloud.backend", quoted("vertex"),
          "Vertex AI replaces AI Platform, which Google shut down on 2025-01-31");
}

// train.runtime_version → train.executor_image, the image the Vertex backend would pick.
void Migrator::training_image_for(const KeySpec& spec, const FileValue& value) {
  if (in_file("train.executor_image")) {
    drop(spec, value, false, "train.executor_image names the training image");
    return;
  }
  bool gpu = false;
  try {
    const auto pools = worker_pools(file_);
    gpu = pools.pools.front().accelerator && pools.pools.front().accelerator->starts_with("NVIDIA");
  } catch (const Error&) {
    // Reported where the machine keys are.
  }
  const auto image = training_image(file_, gpu);
  std::string note = std::string("Vertex AI's prebuilt ") + (gpu ? "GPU" : "CPU") + " training image for it";
  if (gpu) note += " (pool 0 has a GPU)";
  for (const auto& text : image.notes) note += "; " + text;
  result_.warnings.insert(result_.warnings.end(), image.notes.begin(), image.notes.end());
  replace(spec, toml_text(value.raw), line_of(value.origin), "train.executor_image", quoted(image.uri), note);
}

// deploy.runtime_version, written or its default ${train.runtime_version} → deploy.container_image.
void Migrator::serving_image_for(const KeySpec& spec) {
  const auto written = in_file(spec.key);
  if (!written && !in_file("train.runtime_version")) return;  // the serving image stays the same
  if (in_file("deploy.container_image")) {
    if (written) drop(spec, *written, false, "deploy.container_image names the serving image");
    return;
  }
  std::string from;
  std::string where;
  if (written) {
    from = toml_text(written->raw);
    where = line_of(written->origin);
  } else {
    const auto value = file_.opt_str(spec.key);
    from = quoted(std::string(*spec.default_text));
    where = "its default" + (value ? ": " + quoted(*value) : "");
  }
  const auto image = serving_image(file_);
  std::string note = "Vertex AI's prebuilt serving image for it";
  for (const auto& text : image.notes) note += "; " + text;
  result_.warnings.insert(result_.warnings.end(), image.notes.begin(), image.notes.end());
  replace(spec, from, where, "deploy.container_image", quoted(image.uri), note);
}

// The machine keys stay (the Vertex backend maps them); the first one gets the pools.
void Migrator::machines(const KeySpec& spec, const FileValue& value) {
  if (!pools_described_) {
    pools_described_ = true;
    const auto from = std::string(spec.key) + " = " + toml_text(value.raw) + " (" + line_of(value.origin) + ")";
    try {
      const auto pools = worker_pools(file_);
      comment(spec.section(), "on Vertex AI, kept: " + from + " gives the worker pools");
      for (const auto& text : describe_pools(pools)) comment(spec.section(), text, true);
      for (const auto& text : pools.notes) comment(spec.section(), text, true);
      result_.warnings.insert(result_.warnings.end(), pools.notes.begin(), pools.notes.end());
      auto note = std::string("kept: the Vertex backend maps it to worker pools itself");
      for (const auto& text : pools.notes) note += "; " + text;
      result_.mapped.push_back(
          {std::string(spec.key), toml_text(value.raw), "worker pools: " + joined(describe_pools(pools), "; "), note});
    } catch (const Error& error) {
      comment(spec.section(), "not valid on Vertex AI: " + std::string(error.what()));
      unmapped(spec, value, error.what());
    }
  }
  keep(spec, value);
}

// model.name is the registry model's id, model.version a registry version's alias.
void Migrator::vertex_name(const KeySpec& spec, const FileValue& value) {
  const bool is_model = spec.key == "model.name";
  const auto name = file_.opt_str(spec.key);
  const auto problem = !name ? std::nullopt : is_model ? vertex_model_id_problem(*name) : vertex_alias_problem(*name);
  if (problem) {
    const auto reason = "invalid " + std::string(spec.key) + " " + quoted(*name) + " on Vertex AI: it " + *problem;
    comment(spec.section(), "not valid on Vertex AI: it " + *problem);
    unmapped(spec, value, reason);
  } else {
    const std::string role = is_model ? "the model's id in the model registry (and its endpoint's name by default)"
                                      : "an alias of its registry version (the service numbers versions)";
    comment(spec.section(), "on Vertex AI, kept: " + role);
    result_.mapped.push_back({std::string(spec.key), toml_text(value.raw), (is_model ? "model id " : "version alias ") +
                                                                               toml_text(value.raw),
                              "kept: " + role});
  }
  keep(spec, value);
}

void Migrator::migrate(const KeySpec& spec) {
  const auto key = spec.key;
  if (key == "deploy.runtime_version") return serving_image_for(spec);
  const auto value = in_file(key);
  if (!value) return;
  if (const auto dropped = dropped_keys().find(key); dropped != dropped_keys().end()) {
    return drop(spec, *value, dropped->second.lost, dropped->second.reason);
  }
  if (key == "gcloud.backend") return backend(spec, *value);
  if (key == "train.runtime_version") return training_image_for(spec, *value);
  if (key == "model.name" || key == "model.version") return vertex_name(spec, *value);
  if (key == "train.scale_tier" || key.starts_with("train.master_") || key.starts_with("train.worker_") ||
      key.starts_with("train.parameter_server_")) {
    return machines(spec, *value);
  }
  if (key == "deploy.machine_type" && std::get<std::string>(value->raw).starts_with("mls1-")) {
    return drop(spec, *value, true,
                "mls1 machines are AI Platform's own prediction machines, which Vertex AI does not have: "
                "deployments get n1-standard-2 unless deploy.machine_type names a Compute Engine type");
  }
  keep(spec, *value);
}

// A kept value that refers to a key the migration removed would no longer resolve.
void Migrator::check_references() {
  for (const auto& [key, text] : kept_) {
    for (const auto& gone : removed_) {
      if (text.find("${" + gone + "}") == std::string::npos) continue;
      const auto& spec = config::spec_or_throw(key);
      const auto value = in_file(key);
      unmapped(spec, *value, "refers to ${" + gone + "}, which the migrated config no longer sets: write its value");
    }
  }
}

void refuse_if_vertex(const config::Settings& file) {
  const auto* setting = file.find("gcloud.backend");
  if (setting->origin.kind == Origin::Kind::file && file.str("gcloud.backend") == "ai-platform") return;
  const auto where = setting->origin.kind == Origin::Kind::file ? setting->origin.where : file.config_file()->string();
  const auto why = setting->origin.kind == Origin::Kind::file
                       ? "gcloud.backend is \"vertex\""
                       : "gcloud.backend is not set, and Vertex AI is the default backend";
  throw usage_error(where + ": this config is for Vertex AI already (" + std::string(why) + "): nothing to migrate",
                    "config migrate rewrites a config with gcloud.backend = \"ai-platform\"");
}

ConfigMigration Migrator::run() {
  refuse_if_vertex(file_);
  for (const auto& spec : config::key_specs()) migrate(spec);
  check_references();
  std::string& toml = result_.toml;
  // The path on a line of its own: wrapping it with the prose would make the text depend on
  // where the file lives.
  toml += "# magritte configuration for Vertex AI, migrated by `magritte config migrate` from the\n"
          "# AI Platform configuration\n#   " + file_.config_file()->string() + "\n";
  for (const auto& line :
       comment_lines("Each setting that changed says where it came from; the original file's comments are not kept.")) {
    toml += line + "\n";
  }
  for (const auto& section : config::section_names()) {
    const auto found = sections_.find(section);
    if (found == sections_.end()) continue;
    toml += "\n[" + section + "]\n";
    for (const auto& line : found->second) toml += line + "\n";
  }
  return std::move(result_);
}

}  // namespace

ConfigMigration migrate_to_vertex(const config::Settings& file) {
  if (!file.config_file()) {
    throw usage_error("no config file to migrate (none given with --config or $MAGRITTE_CONFIG, and no "
                      "./magritte.toml)",
                      "magritte --config FILE config migrate");
  }
  return Migrator(file).run();
}

}  // namespace magritte::plan
