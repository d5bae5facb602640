// TrainerRunner: one job's run, from preparing to its outcome.
#include <signal.h>

#include <cstring>
#include <deque>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "emulator/state.hpp"
#include "emulator/training/child_process.hpp"
#include "emulator/training/trainer_runner.hpp"
#include "emulator/training/trainer_package.hpp"

namespace magritte::emulator::training {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kTailLines = 30;          // stderr lines kept for errorMessage
constexpr std::size_t kMaxLineBytes = 16 * 1024;  // longer lines are cut in the logs
constexpr auto kPollInterval = std::chrono::milliseconds(20);

// Python's logging module writes "LEVEL:logger:message" to stderr by default; those lines
// keep their level instead of all looking like errors.
const char* severity_of_stderr(const std::string& line) {
  for (const char* level : {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}) {
    const std::size_t length = std::strlen(level);
    if (line.compare(0, length, level) == 0 && line.size() > length && line[length] == ':') {
      return level;
    }
  }
  return "ERROR";
}

// Trainer output may be any bytes; JSON needs UTF-8.
std::string clean_line(const std::string& line) {
  std::string cut = line.size() > kMaxLineBytes ? line.substr(0, kMaxLineBytes) + " [line cut]" : line;
  return nlohmann::json::parse(
             nlohmann::json(cut).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
      .get<std::string>();
}

std::string signal_name(int signal) {
  const char* abbrev = sigabbrev_np(signal);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(signal);
}

// The real service's wording, plus the trainer's last error lines (a Python traceback from
// its start when there is one) so `describe` shows what went wrong.
std::string replica_failure(const ExitStatus& status, const std::deque<std::string>& tail,
                            const TrainerLaunch& launch) {
  std::string message = "The replica " + launch.replica + " exited with a non-zero status of " +
                        std::to_string(status.code);
  if (status.signal != 0) message += " (killed by " + signal_name(status.signal) + ")";
  message += ". ";
  auto start = tail.begin();
  for (auto it = tail.begin(); it != tail.end(); ++it) {
    if (it->starts_with("Traceback (most recent call last)")) start = it;
  }
  if (start != tail.end()) message += "\n";
  for (auto it = start; it != tail.end(); ++it) message += *it + "\n";
  message += "\nTo find out more about why your job exited please check the logs: " + launch.logs_hint;
  return message;
}

std::string command_line(const ProcessSpec& spec) {
  std::string text = spec.program.filename().string();
  for (const auto& arg : spec.args) text += " " + arg;
  return text;
}

std::string join_paths(const std::vector<fs::path>& paths) {
  std::string text;
  for (const auto& path : paths) text += (text.empty() ? "" : ":") + path.string();
  return text;
}

// `python -m <module> <args>` in the job's work directory, with a clean environment: only
// what a trainer on the real service could rely on (the API's variables come with the
// launch), plus the emulator's storage endpoint. Nothing of the emulator's own environment
// leaks in.
ProcessSpec trainer_spec(const RunnerSettings& settings, const JobRef& job, const TrainerLaunch& launch,
                         const std::vector<fs::path>& python_path, const fs::path& work_dir) {
  std::vector<std::string> args = {"-m", launch.python_module};
  args.insert(args.end(), launch.args.begin(), launch.args.end());
  fs::create_directories(work_dir / "home");
  fs::create_directories(work_dir / "tmp");
  std::map<std::string, std::string> env = {
      {"PATH", "/usr/local/bin:/usr/bin:/bin"},
      {"HOME", (work_dir / "home").string()},
      {"TMPDIR", (work_dir / "tmp").string()},
      {"LANG", "C.UTF-8"},
      {"PYTHONPATH", join_paths(python_path)},
      {"PYTHONUNBUFFERED", "1"},  // lines reach the logs as they are printed
      {"PYTHONDONTWRITEBYTECODE", "1"},
      {"STORAGE_EMULATOR_HOST", "http://127.0.0.1:" + std::to_string(settings.storage_port)},
      {"GOOGLE_CLOUD_PROJECT", job.project}};
  for (const auto& [name, value] : launch.env) env[name] = value;
  return {settings.python, args, work_dir / "run", env};
}

}  // namespace

void TrainerRunner::finish(const JobRef& job, const Outcome& outcome) {
  // The last line goes first: whoever sees the job finished sees all of its logs.
  if (outcome.phase == Phase::succeeded) {
    log(job, "service", "INFO", "Job completed successfully.");
  } else {
    log(job, "service", outcome.phase == Phase::failed ? "ERROR" : "INFO", outcome.message);
  }
  book_.finish(job, outcome.phase, outcome.message);
}

void TrainerRunner::execute(const JobRef& job, Active& active) {
  if (book_.phase(job) != Phase::queued) return;  // cancelled while queued
  const TrainerLaunch launch = book_.launch(job);
  book_.enter(job, Phase::preparing);
  log(job, "service", "INFO", "Waiting for job to be provisioned.");

  const fs::path work_dir = settings_.work_root / key_of(job);
  std::error_code ignored;
  fs::remove_all(work_dir, ignored);
  fs::create_directories(work_dir / "run");
  for (const auto& uri : launch.package_uris) {
    log(job, launch.task_name, "INFO", "Installing the package: " + uri);
  }
  std::vector<fs::path> python_path;
  try {
    python_path = install_packages(objects_, launch.package_uris, work_dir);
  } catch (const PackageError& error) {
    conclude(job, {Phase::failed, error.what()});
    return;
  }
  if (active.cancel_requested) {
    conclude(job, {Phase::cancelled, "Job cancelled by the user before its trainer started."});
    return;
  }
  conclude(job, run_trainer(job, launch, python_path, work_dir, active));
}

TrainerRunner::Outcome TrainerRunner::run_trainer(const JobRef& job, const TrainerLaunch& launch,
                                                  const std::vector<fs::path>& python_path,
                                                  const fs::path& work_dir, Active& active) {
  const ProcessSpec spec = trainer_spec(settings_, job, launch, python_path, work_dir);
  book_.enter(job, Phase::running);
  log(job, "service", "INFO", "Waiting for training program to start.");
  log(job, launch.task_name, "INFO", "Running command: " + command_line(spec));

  std::mutex tail_mutex;
  std::deque<std::string> tail;  // the last stderr lines, for the failure message
  auto on_line = [&](OutputStream stream, const std::string& raw) {
    const std::string line = clean_line(raw);
    const bool is_error = stream == OutputStream::err;
    log(job, launch.task_name, is_error ? severity_of_stderr(line) : "INFO", line);
    if (!is_error) return;
    std::lock_guard lock(tail_mutex);
    tail.push_back(line);
    if (tail.size() > kTailLines) tail.pop_front();
  };
  std::unique_ptr<ChildProcess> child;
  try {
    child = std::make_unique<ChildProcess>(spec, on_line);
  } catch (const std::runtime_error& error) {
    return {Phase::failed, "The replica " + launch.replica + " could not start: " + std::string(error.what())};
  }
  const ExitStatus status = watch(*child, job, active);
  child.reset();  // joins the output readers: every line is logged before the outcome

  if (active.cancel_requested) return {Phase::cancelled, "Job cancelled by the user."};
  if (stopping_) {
    return {Phase::failed, "The magritte emulator stopped while this job was RUNNING. Submit the "
                           "job again (with a new job id)."};
  }
  if (status.ok()) {
    log(job, launch.task_name, "INFO", "Module completed; cleaning up.");
    return {Phase::succeeded, ""};
  }
  std::lock_guard lock(tail_mutex);
  return {Phase::failed, replica_failure(status, tail, launch)};
}

// Waits for the trainer; a cancel sends SIGTERM to its process group, then SIGKILL after the
// grace period; stopping the emulator kills it at once.
ExitStatus TrainerRunner::watch(ChildProcess& child, const JobRef& job, Active& active) {
  bool terminated = false;
  auto term_sent = std::chrono::steady_clock::time_point{};
  std::optional<ExitStatus> status;
  while (!(status = child.poll())) {
    if (stopping_) {
      child.signal_group(SIGKILL);
    } else if (active.cancel_requested && !terminated) {
      log(job, "service", "INFO", "Cancelling the job: sending SIGTERM to the trainer.");
      child.signal_group(SIGTERM);
      terminated = true;
      term_sent = std::chrono::steady_clock::now();
    } else if (terminated && std::chrono::steady_clock::now() - term_sent > settings_.cancel_grace) {
      child.signal_group(SIGKILL);
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  return *status;
}

}  // namespace magritte::emulator::training
