// Layered configuration: defaults < magritte.toml < environment < flags.
// Every effective value remembers where it came from, so errors and `magritte config show`
// can name the source (file:line, env var, flag), like `git config --show-origin`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace magritte::config {

enum class ValueType { string, string_list, string_map, integer, boolean };

struct Origin {
  enum class Kind { default_value, file, env, flag };
  Kind kind = Kind::default_value;
  std::string where;  // "" (default), "magritte.toml:12", "BUCKET", "--set", "--version"

  // Human form used in messages and `config show`: "default", "file magritte.toml:12",
  // "env BUCKET", "flag --set".
  std::string describe() const;
  // Prefix of error messages about a value from here: "default", "magritte.toml:12",
  // "env BUCKET", "--set".
  std::string message_prefix() const;
};

using StringList = std::vector<std::string>;
using StringMap = std::map<std::string, std::string>;
using Value = std::variant<std::string, StringList, StringMap, std::int64_t, bool>;

struct Setting {
  std::string key;  // "section.key", e.g. "train.job_name"
  Value raw;        // as written, before ${section.key} interpolation
  Value value;      // effective value, interpolated
  Origin origin;
};

// The resolved configuration. Accessors take "section.key"; asking for a key that is not
// in the schema, or with the wrong type, is a programming error (std::logic_error).
class Settings {
public:
  Settings() = default;
  explicit Settings(std::vector<Setting> settings);

  // A key whose value refers (${...}) to a key nobody set: it stays unset, and reading it
  // explains why. Not an error at load time: `magritte sync` must not need model.name.
  struct Unresolved {
    std::string key;
    Value raw;
    Origin origin;
    std::string missing_key;  // the unset key it refers to, directly or through others
  };
  Settings(std::vector<Setting> settings, std::vector<Unresolved> unresolved,
           std::optional<std::filesystem::path> config_file);

  // The config file that was read, as the user gave it (nullopt: none).
  const std::optional<std::filesystem::path>& config_file() const { return config_file_; }
  const Unresolved* find_unresolved(std::string_view key) const;

  bool has(std::string_view key) const;  // false when no layer set it and it has no default
  const Setting* find(std::string_view key) const;
  const std::vector<Setting>& all() const { return settings_; }  // schema order

  // Required values: throw Error(usage) naming the key and how to set it when unset.
  const std::string& str(std::string_view key) const;
  std::int64_t integer(std::string_view key) const;
  // Optional values: empty/nullopt when unset.
  std::optional<std::string> opt_str(std::string_view key) const;
  std::optional<std::int64_t> opt_integer(std::string_view key) const;
  bool boolean(std::string_view key) const;  // false when unset
  StringList list(std::string_view key) const;
  StringMap map(std::string_view key) const;

private:
  const Setting& require(std::string_view key, ValueType type) const;
  const Setting* lookup(std::string_view key, ValueType type) const;

  std::vector<Setting> settings_;
  std::vector<Unresolved> unresolved_;
  std::optional<std::filesystem::path> config_file_;
};

// A value given on the command line: --set section.key=value, or a named flag such as
// --version (model.version), --model, --project, --region.
struct FlagOverride {
  std::string key;    // "model.version"
  std::string value;  // as typed; converted to the key's type like an env value
  std::string flag;   // "--version", "--set"
};

struct LoadOptions {
  std::optional<std::filesystem::path> config_flag;  // --config PATH
  // Environment lookup, injected so tests never read the real environment.
  std::function<std::optional<std::string>(const std::string&)> getenv;
  // Names of all environment variables, used only to catch typos in MAGRITTE_<SECTION>_*
  // names (no typo check when unset). Inject it with getenv; see environment_names().
  std::function<std::vector<std::string>()> env_names;
  std::vector<FlagOverride> flags;
  std::filesystem::path cwd = ".";  // where ./magritte.toml is looked for; empty: nowhere
};

// The real process environment, for main(): getenv and the names of all variables.
std::optional<std::string> process_getenv(const std::string& name);
std::vector<std::string> process_env_names();

// Applies all layers, interpolates, validates. Throws Error(usage) whose message starts
// with the source ("magritte.toml:12: unknown key 'nmae' in [model]; did you mean 'name'?").
Settings load(const LoadOptions& options);

// Which file load() reads (--config, else $MAGRITTE_CONFIG, else ./magritte.toml when it
// exists); nullopt when none.
std::optional<std::filesystem::path> config_file_path(const LoadOptions& options);

// Parses "--set section.key=value". Throws Error(usage) when '=' is missing.
FlagOverride parse_set_flag(std::string_view text);

// A value as TOML would write it inline: plain for strings, integers and booleans when
// `quote_strings` is false, ["a", "b"] for lists, { k = "v" } for maps.
std::string format_value(const Value& value, bool quote_strings = false);

// The schema, for `magritte config show` and docs: every key in order.
struct KeyInfo {
  std::string key;           // "train.job_name"
  ValueType type;
  std::optional<Value> default_value;
  std::string help;
  std::string accepted;      // "basic, basic-gpu, ..." or "" when any value of the type goes
  std::vector<std::string> env;  // variables that set it, lowest precedence first
  std::string flag;          // named flag ("--model") or "--set key=VALUE"
};
std::vector<KeyInfo> schema();

}  // namespace magritte::config
