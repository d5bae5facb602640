// gcloud's properties read from its own files, without starting gcloud (~1 s of CPU), with
// gcloud's precedence (SDK 528: core/properties.py, configurations/named_configs.py,
// configurations/properties_file.py, core/config.py):
//
//   <sdk root>/properties                       installation (lowest)
//   <config dir>/configurations/config_<name>   the active configuration
//   CLOUDSDK_<SECTION>_<NAME>                   environment (highest; set but empty counts)
//
// config dir: CLOUDSDK_CONFIG if non-empty, else $HOME/.config/gcloud. Active configuration:
// CLOUDSDK_ACTIVE_CONFIG_NAME if non-empty, else the file <config dir>/active_config, else
// "default" ("NONE": no file). Without active_config gcloud first rewrites config_default
// (empty, or the legacy <config dir>/properties): an existing config_default is then uncertain. Files are read as Python's ConfigParser reads them (keys
// lower-cased, values stripped, '#'/';' whole-line comments, '%%' for '%').
//
// Whatever this reader cannot decide with certainty (a file it cannot read, syntax it does
// not reproduce, the legacy <config dir>/properties gcloud would migrate, an SDK root it
// cannot find) makes it answer "uncertain" with the reason: the caller then asks gcloud.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace magritte::predict {

// section → property name → value, as `gcloud config list --format=json` prints them.
using PropertyValues = std::map<std::string, std::map<std::string, std::string>>;

// The properties this reader resolves (those magritte uses): section/name.
const std::vector<std::pair<std::string, std::string>>& known_gcloud_properties();

// What reading one file gave.
struct FileText {
  enum class State { read, missing, failed } state = State::missing;
  std::string text;   // when read
  std::string error;  // when failed (permission, a directory, ...)
};

// Where the reader looks: the process's environment and files, or a test's.
struct GcloudFiles {
  std::function<std::optional<std::string>(const std::string&)> getenv;
  std::function<FileText(const std::string& path)> read;
  // The installation root (the directory holding `.install`), or why it is unknown.
  std::optional<std::string> sdk_root;
  std::string sdk_root_unknown_reason;
};

struct PropertiesReading {
  std::optional<PropertyValues> values;  // set when certain
  std::string uncertain;                 // why not, otherwise
  std::string configuration;             // the active configuration's name
  std::vector<std::string> files;        // the files that held properties, lowest first
};

PropertiesReading read_gcloud_properties(const GcloudFiles& files);

// One properties file, parsed as ConfigParser would: the values of every section, or the
// reason it cannot be reproduced with certainty ("line 3: ..."). Exposed for unit tests.
struct ParsedPropertiesFile {
  std::optional<PropertyValues> values;
  std::string uncertain;
};
ParsedPropertiesFile parse_properties_file(const std::string& text);

// The running process's environment and file system; the SDK root found from the `gcloud`
// on PATH (symbolic links resolved, as gcloud's launcher does).
GcloudFiles process_gcloud_files(std::function<std::optional<std::string>(const std::string&)> getenv);

// The SDK root of the gcloud launcher at `gcloud_path`: the first directory holding `.install`
// above <root>/lib/googlecloudsdk/core (gcloud's config.Paths().sdk_root).
std::optional<std::string> sdk_root_of(const std::string& gcloud_path, std::string& reason);

}  // namespace magritte::predict
