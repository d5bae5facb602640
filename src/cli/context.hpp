// What every subcommand gets: the global options, the resolved settings (loaded once, on
// first use), the runner (real or --dry-run) and the output channel.
#pragma once

#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "magritte/config.hpp"
#include "magritte/runner.hpp"
#include "predict/connection.hpp"
#include "run/dry_run_runner.hpp"

namespace magritte::cli {

enum class Format { text, json };

struct GlobalOptions {
  std::optional<std::string> config_path;  // --config
  std::vector<std::string> set;            // --set section.key=value (repeatable)
  std::optional<std::string> project;      // --project → project.id
  std::optional<std::string> region;       // --region  → project.region
  std::optional<std::string> model;        // --model   → model.name
  std::optional<std::string> version;      // subcommand --version → model.version
  std::optional<std::string> backend;      // --backend → gcloud.backend
  std::string format = "text";             // --format text|json (predict adds table|csv)
  bool dry_run = false;                    // --dry-run
  int verbose = 0;                         // -v (repeatable)
  bool quiet = false;                      // -q
};

class Context {
public:
  Context();
  ~Context();

  GlobalOptions options;

  // Loads defaults < file < env < flags on first call; throws Error(usage) on bad config.
  const config::Settings& settings();
  // The config file's own settings: defaults < the file, without environment or flags (the
  // file found as settings() finds it). For commands that rewrite the file.
  config::Settings file_settings() const;
  Runner& runner();
  Format format() const;  // validated --format for commands that only know text|json
  bool json_output() const { return options.format == "json"; }

  // Messages for humans go to stderr (suppressed by -q); data goes to stdout.
  void info(const std::string& message) const;
  void warn(const std::string& message) const;
  // Prints the command's result: `json` under --format json, else `text` (may be empty).
  // Under --dry-run the text is not printed (the commands were) and the JSON gets
  // "dry_run": true and the "commands" that would have run.
  void emit(nlohmann::json json, const std::string& text) const;

  // Where Google's APIs are and how to reach them (gcloud's properties, read from its files
  // or else asked of `gcloud config list`, and its token when credentials are enabled), once
  // per magritte run: a promote's smoke test and its alias move share them.
  // For project.id (else gcloud's core/project) and project.region.
  const predict::Connection& connection();
  // Starts asking gcloud for it on another thread, while the caller runs other gcloud
  // commands (a promote's reads): connection() then waits for it.
  void prefetch_connection();
  // gcloud's properties without a token (predict::learn_gcloud_properties): its files unless
  // --dry-run, whose plan shows the `gcloud config list` a fallback would run.
  predict::PropertiesSource properties_source();

  // For tests: replace the runner (e.g. with a FakeRunner) and the environment.
  void set_runner(std::unique_ptr<Runner> runner);
  void set_environment(const std::map<std::string, std::string>& environment);

private:
  std::optional<config::Settings> settings_;
  std::unique_ptr<Runner> runner_;
  DryRunRunner* dry_run_runner_ = nullptr;  // runner_ itself under --dry-run
  std::optional<predict::Connection> connection_;
  std::future<predict::Connection> prefetched_connection_;
  std::function<std::optional<std::string>(const std::string&)> getenv_;
  std::function<std::vector<std::string>()> env_names_;
};

}  // namespace magritte::cli
