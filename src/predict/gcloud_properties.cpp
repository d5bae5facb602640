#include "predict/gcloud_properties.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "magritte/text.hpp"

namespace magritte::predict {
namespace {

bool blank(char c) { return c == ' ' || c == '\t'; }

std::string strip(const std::string& text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && blank(text[begin])) ++begin;
  while (end > begin && blank(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

// Python opens the file with universal newlines: "\r\n" and a lone "\r" end a line too.
std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' || c == '\n') {
      lines.push_back(std::move(line));
      line.clear();
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      line.push_back(c);
    }
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

// ConfigParser's BasicInterpolation, as far as it is certain: "%%" is "%"; "%(name)s" and a
// lone '%' (an error in gcloud) are left to gcloud.
std::optional<std::string> interpolated(const std::string& value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '%') {
      out.push_back(value[i]);
      continue;
    }
    if (i + 1 >= value.size() || value[i + 1] != '%') return std::nullopt;
    out.push_back('%');
    ++i;
  }
  return out;
}

// Bytes Python's str.strip() or the locale's decoding might treat differently than here.
std::string unusual_byte(const std::string& text) {
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) return "non-ASCII text (gcloud decodes it with the locale's encoding)";
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return "a control character";
  }
  return {};
}

ParsedPropertiesFile unsure(std::size_t line, const std::string& why) {
  return {std::nullopt, "line " + std::to_string(line) + ": " + why};
}

bool valid_config_name(const std::string& name) {
  if (name == "NONE") return true;  // reserved: no configuration file
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

// gcloud marks the legacy file this way once it has migrated it into config_default.
constexpr const char* kLegacyDeprecation =
    "# This properties file has been superseded by named configurations.\n"
    "# Editing it will have no effect.\n\n";

struct Layering {
  const GcloudFiles& files;
  PropertiesReading reading;
  PropertyValues merged;

  std::optional<std::string> env(const std::string& name) const { return files.getenv(name); }
  std::optional<std::string> env_nonempty(const std::string& name) const {
    auto value = env(name);
    if (value && value->empty()) return std::nullopt;
    return value;
  }

  bool fail(std::string why) {
    reading.uncertain = std::move(why);
    return false;
  }

  // Loads one properties file over what is known (per section and key, as PropertiesFile does).
  bool load(const std::string& path) {
    const FileText file = files.read(path);
    if (file.state == FileText::State::missing) return true;
    if (file.state == FileText::State::failed) return fail(path + ": " + file.error);
    ParsedPropertiesFile parsed = parse_properties_file(file.text);
    if (!parsed.values) return fail(path + ": " + parsed.uncertain);
    for (auto& [section, values] : *parsed.values) {
      for (auto& [name, value] : values) merged[section][name] = value;
    }
    reading.files.push_back(path);
    return true;
  }

  std::optional<std::string> config_dir() {
    if (auto dir = env_nonempty("CLOUDSDK_CONFIG")) return dir;
    const auto home = env("HOME");
    if (!home || home->empty()) {
      fail("HOME is not set (gcloud would look the home directory up)");
      return std::nullopt;
    }
    return *home + "/.config/gcloud";
  }

  // named_configs._EffectiveActiveConfigName, then _CreateDefaultConfig's reading side.
  std::optional<std::string> active_configuration(const std::string& dir) {
    if (auto name = env_nonempty("CLOUDSDK_ACTIVE_CONFIG_NAME")) return name;
    const std::string activator = dir + "/active_config";
    const FileText active = files.read(activator);
    if (active.state == FileText::State::failed) {
      fail(activator + ": " + active.error);
      return std::nullopt;
    }
    if (active.state == FileText::State::read && !active.text.empty()) {
      if (!valid_config_name(active.text)) {
        fail(activator + ": '" + active.text.substr(0, 80) + "' is not a configuration name (gcloud would remove the file)");
        return std::nullopt;
      }
      return active.text;
    }
    if (active.state == FileText::State::missing) {
      const std::string legacy = dir + "/properties";
      const FileText old = files.read(legacy);
      if (old.state == FileText::State::failed) {
        fail(legacy + ": " + old.error);
        return std::nullopt;
      }
      if (old.state == FileText::State::read && old.text.rfind(kLegacyDeprecation, 0) != 0) {
        fail(legacy + ": legacy properties that gcloud would migrate into a new default configuration");
        return std::nullopt;
      }
      // Without active_config, gcloud (ConfigurationStore.ActiveConfig, early in every run)
      // writes config_default afresh: the legacy properties or nothing, whatever it held.
      const std::string fresh = dir + "/configurations/config_default";
      if (files.read(fresh).state != FileText::State::missing) {
        fail(fresh + ": no active_config beside it, so gcloud would rewrite this file first");
        return std::nullopt;
      }
    }
    return std::string("default");
  }

  bool run() {
    const auto dir = config_dir();
    if (!dir) return false;
    const auto name = active_configuration(*dir);
    if (!name) return false;
    reading.configuration = *name;
    if (!files.sdk_root) return fail("gcloud's installation directory is unknown: " + files.sdk_root_unknown_reason);
    if (!load(*files.sdk_root + "/properties")) return false;
    if (*name != "NONE" && !load(*dir + "/configurations/config_" + *name)) return false;
    PropertyValues values;
    for (const auto& [section, property] : known_gcloud_properties()) {
      std::string variable = "CLOUDSDK_" + section + "_" + property;
      std::transform(variable.begin(), variable.end(), variable.begin(), [](unsigned char c) { return std::toupper(c); });
      if (auto value = env(variable)) {
        values[section][property] = *value;  // set but empty still overrides the files
        continue;
      }
      const auto in_section = merged.find(section);
      if (in_section == merged.end()) continue;
      const auto value = in_section->second.find(property);
      if (value != in_section->second.end()) values[section][property] = value->second;
    }
    reading.values = std::move(values);
    return true;
  }
};

}  // namespace

const std::vector<std::pair<std::string, std::string>>& known_gcloud_properties() {
  static const std::vector<std::pair<std::string, std::string>> known = {
      {"api_endpoint_overrides", "aiplatform"},
      {"api_endpoint_overrides", "ml"},
      {"auth", "disable_credentials"},
      {"core", "account"},
      {"core", "custom_ca_certs_file"},
      {"core", "project"},
      {"proxy", "address"},
      {"proxy", "password"},
      {"proxy", "port"},
      {"proxy", "rdns"},
      {"proxy", "type"},
      {"proxy", "username"},
  };
  return known;
}

// Python 3's configparser.ConfigParser() defaults (strict, '=' or ':', '#'/';' whole-line
// comments, no inline comments, keys lower-cased, indented lines continue a value).
ParsedPropertiesFile parse_properties_file(const std::string& text) {
  if (std::string odd = unusual_byte(text); !odd.empty()) return {std::nullopt, odd};
  PropertyValues values;
  std::set<std::string> sections;
  std::optional<std::string> section;
  std::optional<std::string> option;  // the last key: an indented line would continue it
  std::size_t indent_level = 0;
  const auto lines = split_lines(text);
  for (std::size_t number = 1; number <= lines.size(); ++number) {
    const std::string& line = lines[number - 1];
    const std::string stripped = strip(line);
    if (stripped.empty() || stripped[0] == '#' || stripped[0] == ';') continue;
    const std::size_t indent = line.find_first_not_of(" \t");
    if (section && option && indent > indent_level) {
      return unsure(number, "an indented line continuing the value of '" + *option + "'");
    }
    indent_level = indent;
    if (stripped[0] == '[') {
      if (stripped.size() < 3 || stripped.back() != ']' || stripped.find(']') != stripped.size() - 1) {
        return unsure(number, "'" + stripped + "' is not a plain [section] line");
      }
      std::string header = stripped.substr(1, stripped.size() - 2);
      if (header == "DEFAULT") return unsure(number, "a [DEFAULT] section (ConfigParser copies it into every section)");
      if (!sections.insert(header).second) return unsure(number, "section [" + header + "] appears twice");
      values[header];
      section = std::move(header);
      option.reset();
      continue;
    }
    if (!section) return unsure(number, "a property before any [section]");
    const std::size_t delimiter = stripped.find_first_of("=:");
    if (delimiter == std::string::npos) return unsure(number, "'" + stripped + "' has no '=' or ':'");
    std::string name = ascii_lower(strip(stripped.substr(0, delimiter)));
    if (name.empty()) return unsure(number, "a value without a name");
    auto& in_section = values[*section];
    if (in_section.count(name) != 0) return unsure(number, "'" + name + "' appears twice in [" + *section + "]");
    const auto value = interpolated(strip(stripped.substr(delimiter + 1)));
    if (!value) return unsure(number, "a '%' in the value of '" + name + "' (ConfigParser interpolation)");
    in_section[name] = *value;
    option = std::move(name);
  }
  return {std::move(values), {}};
}

PropertiesReading read_gcloud_properties(const GcloudFiles& files) {
  Layering layering{files, {}, {}};
  layering.run();
  return std::move(layering.reading);
}

}  // namespace magritte::predict
