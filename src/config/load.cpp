// load(): every layer applied here, lowest first, then interpolation and validation.
#include <unistd.h>  // environ: the process environment, for process_env_names()

#include <cstdlib>

#include "config/layers.hpp"
#include "magritte/error.hpp"

namespace magritte::config {
namespace {

void apply_defaults(RawValues& values) {
  for (const auto& spec : key_specs()) {
    if (!spec.default_text) continue;
    values[std::string(spec.key)] = {convert_text(spec, *spec.default_text, "default"), Origin{}};
  }
}

bool file_exists(const std::filesystem::path& path) {
  std::error_code error;
  return std::filesystem::exists(path, error);
}

}  // namespace

std::optional<std::filesystem::path> config_file_path(const LoadOptions& options) {
  if (options.config_flag) {
    if (!file_exists(*options.config_flag)) {
      throw usage_error("--config: config file '" + options.config_flag->string() + "' not found");
    }
    return options.config_flag;
  }
  // An empty MAGRITTE_CONFIG counts as unset, as `MAGRITTE_CONFIG=$UNSET_VAR magritte`
  // is meant to fall back to the default file, not to name a file called ''.
  const auto from_env = options.getenv ? options.getenv("MAGRITTE_CONFIG") : std::nullopt;
  if (from_env && !from_env->empty()) {
    if (!file_exists(*from_env)) {
      throw usage_error("env MAGRITTE_CONFIG: config file '" + *from_env + "' not found");
    }
    return std::filesystem::path(*from_env);
  }
  if (options.cwd.empty()) return std::nullopt;
  // Shown as "magritte.toml" (not "./magritte.toml") when looked up in the current directory.
  const auto path =
      options.cwd == "." ? std::filesystem::path("magritte.toml") : options.cwd / "magritte.toml";
  if (file_exists(path)) return path;
  return std::nullopt;
}

Settings load(const LoadOptions& options) {
  RawValues values;
  // 1. Defaults from the schema (some refer to other keys: resolved after every layer).
  apply_defaults(values);
  // 2. The config file: --config, else $MAGRITTE_CONFIG, else ./magritte.toml if present.
  const auto file = config_file_path(options);
  if (file) apply_file(*file, values);
  // 3. The environment: the seed's variables (BUCKET...), then MAGRITTE_<SECTION>_<KEY>.
  apply_env(options, values);
  // 4. Flags, in the order given: the last one on a key wins.
  apply_flags(options.flags, values);

  // References resolve against the effective values, and validation sees the values that
  // will reach gcloud: VERSION=v-3 is caught in model.version, not later in a job name.
  Resolved resolved = interpolate(values);
  validate(resolved.settings);
  return Settings(std::move(resolved.settings), std::move(resolved.unresolved), file);
}

std::optional<std::string> process_getenv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::vector<std::string> process_env_names() {
  std::vector<std::string> names;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    names.emplace_back(text.substr(0, text.find('=')));
  }
  return names;
}

}  // namespace magritte::config
