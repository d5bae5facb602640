// magritte emulator start | env: the local AI Platform + Cloud Storage emulator, and the
// environment that points the real gcloud and gsutil at the one that runs:
//   magritte emulator start --port 8470 &
//   eval "$(magritte emulator env --port 8470)"
#include <pthread.h>
#include <signal.h>
#include <unistd.h>  // environ

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/emulator_probe.hpp"
#include "emulator/client_config.hpp"
#include "emulator/emulator.hpp"
#include "emulator/storage/names.hpp"
#include "magritte/command.hpp"
#include "magritte/error.hpp"

namespace magritte::cli {
namespace {

struct EmulatorFlags {
  std::optional<int> port;
  std::optional<std::string> data_dir;
  std::vector<std::string> buckets;
  bool no_request_log = false;
  int version_create_delay_ms = 0;
};

// Flags win; the config (emulator.port, emulator.data_dir) is only read when a flag is
// missing, so `start --port P --data-dir D` works even beside a broken magritte.toml.
int resolve_port(Context& context, const EmulatorFlags& flags) {
  if (flags.port) return *flags.port;
  return static_cast<int>(context.settings().integer("emulator.port"));
}

std::filesystem::path resolve_data_dir(Context& context, const EmulatorFlags& flags) {
  if (flags.data_dir) return *flags.data_dir;
  return context.settings().str("emulator.data_dir");
}

sigset_t termination_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

void start(Context& context, const EmulatorFlags& flags) {
  emulator::EmulatorOptions options;
  options.port = resolve_port(context, flags);
  // Absolute: the trainers it runs work in directories of their own, where the default
  // relative .magritte/emulator would not be found (a Vertex job's package: "tar: Cannot open").
  options.data_dir = std::filesystem::absolute(resolve_data_dir(context, flags));
  for (const std::string& bucket : flags.buckets) {
    if (auto problem = emulator::storage::bucket_name_problem(bucket)) throw usage_error("--bucket: " + *problem);
  }
  options.buckets = flags.buckets;
  options.print_requests = !flags.no_request_log;
  options.version_create_delay = std::chrono::milliseconds(flags.version_create_delay_ms);
  // Blocked before any thread starts, so every thread inherits the mask and the signals
  // wait for sigwait() below: shutdown happens here, in order, not in a signal handler.
  const sigset_t signals = termination_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::optional<emulator::Emulator> server;
  try {
    server.emplace(options);
    server->start();
  } catch (const std::invalid_argument& error) {
    throw usage_error(std::string("emulator: ") + error.what());
  } catch (const std::exception& error) {
    const std::string message = error.what();
    const bool port_busy = message.find("cannot listen") != std::string::npos;
    throw refused_error("emulator: " + message,
                        port_busy ? "is another emulator running there? choose a port with --port" : "");
  }
  const std::string port = std::to_string(server->port());
  context.info("magritte emulator: listening on 127.0.0.1:" + port + ", data in " +
               std::filesystem::absolute(options.data_dir).string());
  context.info("magritte emulator: in another shell: eval \"$(magritte emulator env --port " + port + ")\"");
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  context.info(std::string("magritte emulator: ") + (signal_number == SIGINT ? "SIGINT" : "SIGTERM") +
               ", stopping");
  server->stop();
}

std::vector<std::string> inherited_variable_names() {
  std::vector<std::string> names;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string text = *entry;
    names.push_back(text.substr(0, text.find('=')));
  }
  return names;
}

// `emulator start` as the user would type it to make the emulator env looks for.
std::string emulator_start_line(int port, const std::optional<std::string>& data_dir) {
  std::string command = "magritte emulator start --port " + std::to_string(port);
  if (data_dir) command += " --data-dir " + shell_quote(*data_dir);
  return command + " &";
}

bool same_directory(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code error;
  const auto canonical_a = std::filesystem::weakly_canonical(std::filesystem::absolute(a), error);
  const auto canonical_b = std::filesystem::weakly_canonical(b, error);
  return canonical_a == canonical_b;
}

// The environment of the emulator that listens on the port, never of one that does not run:
// its data dir and certificate come from its control API.
void env(Context& context, const EmulatorFlags& flags) {
  const int port = resolve_port(context, flags);
  const RunningEmulator running = ask_running_emulator(port, emulator_start_line(port, flags.data_dir));
  if (flags.data_dir && !same_directory(*flags.data_dir, running.data_dir)) {
    throw usage_error("--data-dir " + *flags.data_dir + " is not the data dir of the emulator on 127.0.0.1:" +
                          std::to_string(port) + " (pid " + std::to_string(running.pid) + "), which uses " +
                          running.data_dir.string(),
                      "drop --data-dir to describe the running emulator, or stop it and start one with: " +
                          emulator_start_line(port, flags.data_dir));
  }
  if (!flags.data_dir) {
    const config::Setting* configured = context.settings().find("emulator.data_dir");
    if (configured != nullptr && configured->origin.kind != config::Origin::Kind::default_value &&
        !same_directory(context.settings().str("emulator.data_dir"), running.data_dir)) {
      context.warn("emulator.data_dir (" + configured->origin.describe() + ") is not the data dir of the "
                   "emulator on 127.0.0.1:" + std::to_string(port) + "; using the one it runs with, " +
                   running.data_dir.string());
    }
  }
  emulator::ClientConfigOptions options;
  options.port = port;
  options.data_dir = running.data_dir;
  options.ca_cert = running.ca_cert;
  options.project = context.settings().opt_str("project.id").value_or("magritte-local");
  emulator::ClientConfig config;
  try {
    config = emulator::write_client_config(options, inherited_variable_names());
  } catch (const std::exception& error) {
    throw refused_error(std::string("emulator env: ") + error.what(),
                        "the emulator on 127.0.0.1:" + std::to_string(port) + " runs as another user or its "
                        "data dir is not writable here");
  }

  std::string text;
  nlohmann::json env_json = nlohmann::json::object();
  for (const auto& [name, value] : config.exports) {
    text += "export " + name + "=" + shell_quote(value) + "\n";
    env_json[name] = value;
  }
  for (const auto& name : config.unsets) text += "unset " + name + "\n";
  text += "# the magritte emulator on 127.0.0.1:" + std::to_string(port) + " (pid " + std::to_string(running.pid) +
          ", data dir " + shell_quote(config.data_dir.string()) + "), project " + options.project + "\n";
  nlohmann::json overrides = nlohmann::json::object();
  for (const auto& [api, url] : emulator::api_endpoint_overrides()) overrides[api] = url;
  context.emit({{"port", port},
                {"pid", running.pid},
                {"emulator_version", running.version},
                {"project", options.project},
                {"data_dir", config.data_dir.string()},
                {"gcloud_config_dir", config.gcloud_config_dir.string()},
                {"boto_config", config.boto_config.string()},
                {"ca_cert", config.ca_cert.string()},
                {"api_endpoint_overrides", overrides},
                {"env", env_json},
                {"unset", config.unsets}},
               text);
}

void add_location_flags(CLI::App& command, EmulatorFlags& flags) {
  command.add_option("--port", flags.port, "Port on 127.0.0.1 (default: emulator.port, 8470)")
      ->check(CLI::Range(0, 65535));
  command.add_option("--data-dir", flags.data_dir,
                     "State directory (default: emulator.data_dir, .magritte/emulator)");
}

}  // namespace

void register_emulator(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "emulator", "Local AI Platform + Cloud Storage emulator for the real gcloud and gsutil");
  command->require_subcommand(1);
  // Owned by the callbacks, which live as long as the app that parses into them.
  auto start_flags = std::make_shared<EmulatorFlags>();
  auto env_flags = std::make_shared<EmulatorFlags>();

  auto* start_command = command->add_subcommand(
      "start", "Run the emulator in the foreground (loopback only; Ctrl-C stops it)");
  add_location_flags(*start_command, *start_flags);
  start_command->add_option("--bucket", start_flags->buckets, "Create this bucket if missing (repeatable)");
  start_command->add_flag("--no-request-log", start_flags->no_request_log,
                          "Do not print one line per request on stderr");
  start_command
      ->add_option("--version-create-delay", start_flags->version_create_delay_ms,
                   "Milliseconds a new model version stays CREATING, as the real service takes minutes (default 0)")
      ->check(CLI::Range(0, 3600000));
  start_command->callback([&context, start_flags] { start(context, *start_flags); });

  auto* env_command = command->add_subcommand(
      "env", "Print the exports that point gcloud, gsutil and magritte at the emulator running on --port");
  env_command->add_option("--port", env_flags->port, "Port of the running emulator (default: emulator.port, 8470)")
      ->check(CLI::Range(1, 65535));
  env_command->add_option("--data-dir", env_flags->data_dir,
                          "Refuse unless the running emulator keeps its state here (it says where it does)");
  env_command->callback([&context, env_flags] { env(context, *env_flags); });
}

}  // namespace magritte::cli
