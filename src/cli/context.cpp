#include "context.hpp"

#include <iostream>

#include "magritte/error.hpp"
#include "run/process_runner.hpp"

namespace magritte::cli {
namespace {

// Named flags first, then --set in the order typed: the last word on a key wins.
std::vector<config::FlagOverride> flag_overrides(const GlobalOptions& options) {
  std::vector<config::FlagOverride> flags;
  if (options.project) flags.push_back({"project.id", *options.project, "--project"});
  if (options.region) flags.push_back({"project.region", *options.region, "--region"});
  if (options.model) flags.push_back({"model.name", *options.model, "--model"});
  if (options.version) flags.push_back({"model.version", *options.version, "--version"});
  if (options.backend) flags.push_back({"gcloud.backend", *options.backend, "--backend"});
  for (const auto& text : options.set) flags.push_back(config::parse_set_flag(text));
  return flags;
}

}  // namespace

Context::Context()
    : getenv_(config::process_getenv), env_names_(config::process_env_names) {}
Context::~Context() = default;

const config::Settings& Context::settings() {
  if (!settings_) {
    config::LoadOptions load;
    if (options.config_path) load.config_flag = *options.config_path;
    load.getenv = getenv_;
    load.env_names = env_names_;
    load.flags = flag_overrides(options);
    settings_ = config::load(load);
  }
  return *settings_;
}

namespace {
predict::ConnectionRequest connection_request(const config::Settings& settings) {
  return {settings.opt_str("project.id"), settings.str("project.region")};
}
}  // namespace

// gcloud's files are read (no gcloud process) unless --dry-run, whose plan shows the
// `gcloud config list` a fallback would run.
predict::PropertiesSource Context::properties_source() {
  predict::PropertiesSource source;
  if (!runner().dry_run()) source.files = predict::process_gcloud_files(getenv_);
  if (options.verbose > 0) source.debug = [](const std::string& line) { std::cerr << "magritte: " << line << '\n'; };
  return source;
}

void Context::prefetch_connection() {
  if (connection_ || prefetched_connection_.valid() || !runner().concurrent()) return;
  Runner& shared = runner();  // ProcessRunner runs from several threads (see run_all)
  prefetched_connection_ =
      std::async(std::launch::async, [&shared, request = connection_request(settings()), source = properties_source()] {
        return predict::connect_with_gcloud(shared, request, source);
      });
}

const predict::Connection& Context::connection() {
  if (prefetched_connection_.valid()) connection_.emplace(prefetched_connection_.get());  // its error, if any
  if (!connection_) {
    connection_.emplace(predict::connect_with_gcloud(runner(), connection_request(settings()), properties_source()));
  }
  return *connection_;
}

config::Settings Context::file_settings() const {
  config::LoadOptions discovery;
  if (options.config_path) discovery.config_flag = *options.config_path;
  discovery.getenv = getenv_;
  config::LoadOptions load;  // no getenv, no flags: the file alone
  load.config_flag = config::config_file_path(discovery);
  load.cwd.clear();  // found above, or none
  return config::load(load);
}

Runner& Context::runner() {
  if (!runner_) {
    if (options.dry_run) {
      auto dry_run = std::make_unique<DryRunRunner>(json_output() ? nullptr : &std::cout);
      dry_run_runner_ = dry_run.get();
      runner_ = std::move(dry_run);
    } else {
      runner_ = std::make_unique<ProcessRunner>(ProcessRunner::Options{options.verbose > 0});
    }
  }
  return *runner_;
}

Format Context::format() const {
  if (options.format == "text") return Format::text;
  if (options.format == "json") return Format::json;
  throw usage_error("--format: unknown format '" + options.format + "'; accepted: text, json");
}

void Context::info(const std::string& message) const {
  if (!options.quiet) std::cerr << message << '\n';
}

void Context::warn(const std::string& message) const {
  std::cerr << "magritte: warning: " << message << '\n';
}

void Context::emit(nlohmann::json json, const std::string& text) const {
  if (dry_run_runner_ != nullptr) {
    json["dry_run"] = true;
    json["commands"] = nlohmann::json::array();
    for (const auto& command : dry_run_runner_->commands()) {
      nlohmann::json argv = {command.program};
      for (const auto& arg : command.args) argv.push_back(arg);
      json["commands"].push_back({{"argv", argv}, {"shell", to_shell_line(command)}});
    }
  }
  if (json_output()) {
    std::cout << json.dump() << '\n';
  } else if (!text.empty() && dry_run_runner_ == nullptr) {
    std::cout << text;
    if (text.back() != '\n') std::cout << '\n';
  }
  std::cout.flush();
}

void Context::set_runner(std::unique_ptr<Runner> runner) {
  runner_ = std::move(runner);
  dry_run_runner_ = dynamic_cast<DryRunRunner*>(runner_.get());
}

void Context::set_environment(const std::map<std::string, std::string>& environment) {
  getenv_ = [environment](const std::string& name) -> std::optional<std::string> {
    auto found = environment.find(name);
    if (found == environment.end()) return std::nullopt;
    return found->second;
  };
  env_names_ = [environment] {
    std::vector<std::string> names;
    for (const auto& entry : environment) names.push_back(entry.first);
    return names;
  };
  settings_.reset();
}

}  // namespace magritte::cli
