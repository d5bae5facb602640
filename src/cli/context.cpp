#include "context.hpp"

#include <cstdlib>
#include <iostream>

#include "magritte/error.hpp"
#include "run/dry_run_runner.hpp"
#include "run/process_runner.hpp"

namespace magritte::cli {
namespace {

std::optional<std::string> real_getenv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

// Named flags first, then --set in the order typed: the last word on a key wins.
std::vector<config::FlagOverride> flag_overrides(const GlobalOptions& options) {
  std::vector<config::FlagOverride> flags;
  if (options.project) flags.push_back({"project.id", *options.project, "--project"});
  if (options.region) flags.push_back({"project.region", *options.region, "--region"});
  if (options.model) flags.push_back({"model.name", *options.model, "--model"});
  if (options.version) flags.push_back({"model.version", *options.version, "--version"});
  for (const auto& text : options.set) flags.push_back(config::parse_set_flag(text));
  return flags;
}

}  // namespace

Context::Context() : getenv_(real_getenv) {}
Context::~Context() = default;

const config::Settings& Context::settings() {
  if (!settings_) {
    config::LoadOptions load;
    if (options.config_path) load.config_flag = *options.config_path;
    load.getenv = getenv_;
    load.flags = flag_overrides(options);
    settings_ = config::load(load);
  }
  return *settings_;
}

Runner& Context::runner() {
  if (!runner_) {
    if (options.dry_run) {
      runner_ = std::make_unique<DryRunRunner>(std::cout);
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

void Context::emit(const nlohmann::json& json, const std::string& text) const {
  if (format() == Format::json) {
    std::cout << json.dump() << '\n';
  } else if (!text.empty()) {
    std::cout << text;
    if (text.back() != '\n') std::cout << '\n';
  }
  std::cout.flush();
}

void Context::set_runner(std::unique_ptr<Runner> runner) { runner_ = std::move(runner); }

void Context::set_getenv(std::function<std::optional<std::string>(const std::string&)> getenv) {
  getenv_ = std::move(getenv);
  settings_.reset();
}

}  // namespace magritte::cli
