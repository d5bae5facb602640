// magritte doctor: can this machine, with this configuration, run the loop? One line per
// check (ok / warn / fail, with the fix to type), like `flutter doctor`. The probes that ask
// gcloud/gsutil (and through them the network) run at once, each stopped at --timeout;
// what they mean is decided in src/doctor/classify.cpp. Exits 1 when a check fails.
#include <chrono>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/cloud_call.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "doctor/check.hpp"
#include "doctor/classify.hpp"
#include "magritte/duration.hpp"
#include "magritte/error.hpp"
#include "magritte/vision.hpp"
#include "plan/ai_platform.hpp"
#include "plan/probes.hpp"
#include "plan/vertex.hpp"
#include "predict/connection.hpp"
#include "run/process_runner.hpp"

namespace magritte::cli {
namespace {

using doctor::Answer;
using doctor::Check;

constexpr const char* kDefaultTimeout = "30s";

struct DoctorFlags {
  std::string timeout = kDefaultTimeout;
};

std::chrono::seconds parse_timeout(const std::string& text) {
  const auto timeout = parse_duration(text);
  if (!timeout || timeout->count() <= 0) {
    throw usage_error("--timeout: '" + text + "' is not " + kDurationSyntax + " above 0");
  }
  return *timeout;
}

std::string origin_of(const config::Settings& settings, std::string_view key) {
  const auto* setting = settings.find(key);
  return setting ? setting->origin.describe() : "unset";
}

doctor::Setup setup_from(const config::Settings& settings) {
  doctor::Setup setup;
  if (settings.config_file()) setup.config_file = settings.config_file()->string();
  setup.project = settings.opt_str("project.id");
  setup.project_origin = origin_of(settings, "project.id");
  setup.pass_project = settings.boolean("gcloud.pass_project");
  setup.region = settings.str("project.region");
  setup.region_origin = origin_of(settings, "project.region");
  setup.bucket = settings.opt_str("storage.bucket");
  setup.backend = settings.str("gcloud.backend");
  setup.engine = settings.str("storage.engine");
  setup.engine_origin = origin_of(settings, "storage.engine");
  return setup;
}

Command list_models(const config::Settings& settings) {
  if (settings.str("gcloud.backend") == "ai-platform") return plan::AiPlatformCommands(settings).list_models(1);
  return plan::VertexCommands(settings).list_models(1);
}

// The probes to run and where each one's answer lands (nullopt: not run).
struct Probes {
  std::vector<Command> commands;
  std::optional<std::size_t> version, config_list, bucket, ml_api, gsutil_list;

  std::optional<std::size_t> add(Command command) {
    commands.push_back(std::move(command));
    return commands.size() - 1;
  }
};

// Under --dry-run every probe is listed, whatever is installed.
Probes plan_probes(const config::Settings* settings, bool gcloud_found, bool gsutil_found) {
  Probes probes;
  if (gcloud_found) {
    probes.version = probes.add(plan::gcloud_version());
    probes.config_list = probes.add(predict::config_list_command());
  }
  if (settings == nullptr) return probes;
  const auto bucket = settings->opt_str("storage.bucket");
  if (gcloud_found && bucket) probes.bucket = probes.add(plan::describe_bucket(*bucket));
  if (gcloud_found) probes.ml_api = probes.add(list_models(*settings));
  if (gsutil_found && bucket && settings->str("storage.engine") == "gsutil") {
    probes.gsutil_list = probes.add(plan::gsutil_list_bucket(*bucket));
  }
  return probes;
}

Answer to_answer(const Command& command, const RunResult& result) {
  Answer answer;
  answer.kind = result.timed_out ? Answer::Kind::timed_out : result.ok() ? Answer::Kind::ok : Answer::Kind::failed;
  answer.out = result.out;
  answer.err = result.err;
  answer.error_line = error_summary(result);
  answer.command = to_shell_line(command);
  return answer;
}

struct VisionLoad {
  std::optional<std::string> error;
  std::string hint;
};

VisionLoad load_vision() {
  try {
    vision::load();
    return {};
  } catch (const Error& e) {
    return {e.what(), e.hint()};
  }
}

std::optional<std::string> path_text(const std::optional<std::filesystem::path>& path) {
  if (!path) return std::nullopt;
  return path->string();
}

void run_doctor(Context& context, const DoctorFlags& flags) {
  context.format();  // a bad --format is a usage error before anything runs
  const auto timeout = parse_timeout(flags.timeout);
  const auto started = std::chrono::steady_clock::now();

  // The config check is `config validate`'s: loading is validating.
  const config::Settings* settings = nullptr;
  std::optional<std::string> config_error;
  std::string config_hint;
  try {
    settings = &context.settings();
  } catch (const Error& e) {
    config_error = e.what();
    config_hint = e.hint();
  }

  Runner& runner = context.runner();
  if (runner.dry_run()) {
    const Probes probes = plan_probes(settings, true, true);
    runner.run_all_until(probes.commands, Capture::both, started + timeout);
    context.emit(nlohmann::json::object(), "");
    return;
  }

  const auto gcloud_path = path_text(find_program_path("gcloud"));
  const auto gsutil_path = path_text(find_program_path("gsutil"));
  const Probes probes = plan_probes(settings, gcloud_path.has_value(), gsutil_path.has_value());
  // The module is loaded while the probes run (dlopen costs ~70 ms: OpenCV and its libraries).
  auto vision = std::async(std::launch::async, load_vision);
  const auto results = runner.run_all_until(probes.commands, Capture::both, started + timeout);
  const auto answer = [&](const std::optional<std::size_t>& index) -> std::optional<Answer> {
    if (!index) return std::nullopt;
    return to_answer(probes.commands[*index], results[*index]);
  };

  const auto version = answer(probes.version);
  const auto versions = version && version->kind == Answer::Kind::ok ? doctor::read_versions(version->out)
                                                                     : doctor::SdkVersions{};
  doctor::GcloudConfig gcloud;
  if (const auto config_list = answer(probes.config_list)) {
    gcloud = doctor::read_config_list(*config_list, timeout);
  } else {
    gcloud.problem = "gcloud is not found";
  }
  const std::optional<doctor::Setup> setup = settings ? std::optional(setup_from(*settings)) : std::nullopt;

  std::vector<Check> checks;
  checks.push_back(doctor::check_config(setup ? setup->config_file : std::nullopt, config_error, config_hint));
  checks.push_back(doctor::check_gcloud(gcloud_path, version, timeout));
  checks.push_back(doctor::check_gsutil(gsutil_path, versions, setup));
  checks.push_back(gcloud_path ? doctor::check_account(gcloud) : doctor::not_checked("account", "gcloud is not found"));
  if (setup) {
    checks.push_back(doctor::check_project(*setup, gcloud));
    checks.push_back(doctor::check_region(*setup));
    if (gcloud_path || !setup->bucket) {
      checks.push_back(doctor::check_bucket(*setup, answer(probes.bucket), gcloud, timeout));
    } else {
      checks.push_back(doctor::not_checked("bucket", "gcloud is not found"));
    }
    const auto ml_api = answer(probes.ml_api);
    checks.push_back(ml_api ? doctor::check_ml_api(*setup, *ml_api, gcloud, timeout)
                            : doctor::not_checked("ml_api", "gcloud is not found"));
    checks.push_back(doctor::check_storage(*setup, gcloud_path.has_value(), gsutil_path.has_value(),
                                           answer(probes.gsutil_list), timeout));
  } else {
    for (const char* name : {"project", "region", "bucket", "ml_api", "storage"}) {
      checks.push_back(doctor::not_checked(name, "the config does not load"));
    }
  }
  const VisionLoad loaded = vision.get();
  checks.push_back(doctor::check_vision(loaded.error, loaded.hint));

  if (context.options.verbose > 0) {
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    context.info("magritte: doctor ran " + std::to_string(probes.commands.size()) + " gcloud/gsutil processes at once in " +
                 std::to_string(elapsed.count()) + " ms");
  }
  context.emit(doctor::to_json(checks), doctor::render_text(checks));
  if (const auto failed = doctor::count(checks, doctor::Status::fail); failed > 0) {
    throw cloud_error(std::to_string(failed) + " of " + std::to_string(checks.size()) + " checks failed",
                      "each failed line above says what to type to fix it");
  }
}

}  // namespace

void register_doctor(CLI::App& app, Context& context) {
  auto flags = std::make_shared<DoctorFlags>();
  auto* command = app.add_subcommand(
      "doctor", "Check that this machine and this config can run the loop: tools, account, project, bucket, "
                "ML API, storage engine, vision module, config (exit 1 if a check fails)");
  command->add_option("--timeout", flags->timeout,
                      "Give up on each gcloud/gsutil probe after this long (90s, 2m; default " +
                          std::string(kDefaultTimeout) + ")");
  command->callback([&context, flags] { run_doctor(context, *flags); });
}

}  // namespace magritte::cli
