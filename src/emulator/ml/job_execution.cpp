// JobRunner: one job's run, from PREPARING to its final state.
#include <signal.h>

#include <cmath>
#include <cstring>
#include <thread>

#include "emulator/state.hpp"
#include "emulator/ml/child_process.hpp"
#include "emulator/ml/job_runner.hpp"
#include "emulator/ml/names.hpp"
#include "emulator/ml/trainer_package.hpp"

namespace magritte::emulator::ml {

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

// Approximate ML units per hour of each scale tier (the service's old rates); the emulator
// bills nothing, the field is there because tools read it.
double ml_units_per_hour(const std::string& tier) {
  if (tier == "STANDARD_1") return 10.0;
  if (tier == "PREMIUM_1") return 75.0;
  if (tier == "BASIC_GPU") return 3.0;
  if (tier == "BASIC_TPU") return 6.0;
  if (tier == "CUSTOM") return 2.0;
  return 1.0;
}

std::string signal_name(int signal) {
  const char* abbrev = sigabbrev_np(signal);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(signal);
}

// The real service's wording, plus the trainer's last error lines (a Python traceback from
// its start when there is one) so `gcloud ai-platform jobs describe` shows what went wrong.
std::string replica_failure(const ExitStatus& status, const std::deque<std::string>& tail,
                            const std::string& job_id) {
  std::string message = "The replica master 0 exited with a non-zero status of " +
                        std::to_string(status.code);
  if (status.signal != 0) message += " (killed by " + signal_name(status.signal) + ")";
  message += ". ";
  auto start = tail.begin();
  for (auto it = tail.begin(); it != tail.end(); ++it) {
    if (it->starts_with("Traceback (most recent call last)")) start = it;
  }
  if (start != tail.end()) message += "\n";
  for (auto it = start; it != tail.end(); ++it) message += *it + "\n";
  message += "\nTo find out more about why your job exited please check the logs: "
             "gcloud ai-platform jobs stream-logs " + job_id;
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

// `python -m <module> <args> --job-dir <dir>` in the job's work directory, with a clean
// environment: only what a trainer on the real service could rely on, plus the emulator's
// storage endpoint. Nothing of the emulator's own environment leaks in.
ProcessSpec trainer_spec(const TrainerSettings& settings, const JobKey& job,
                         const nlohmann::json& input, const std::vector<fs::path>& python_path,
                         const fs::path& work_dir) {
  std::vector<std::string> args = {"-m", input.value("pythonModule", "")};
  for (const auto& arg : input.value("args", nlohmann::json::array())) args.push_back(arg);
  if (!input.value("jobDir", "").empty()) {
    args.push_back("--job-dir");
    args.push_back(input.value("jobDir", ""));
  }
  fs::create_directories(work_dir / "home");
  fs::create_directories(work_dir / "tmp");
  const nlohmann::json tf_config = {{"cluster", {{"master", {"127.0.0.1:2222"}}}},
                                    {"task", {{"type", "master"}, {"index", 0}}},
                                    {"job", input},
                                    {"environment", "cloud"}};
  return {settings.python,
          args,
          work_dir / "run",
          {{"PATH", "/usr/local/bin:/usr/bin:/bin"},
           {"HOME", (work_dir / "home").string()},
           {"TMPDIR", (work_dir / "tmp").string()},
           {"LANG", "C.UTF-8"},
           {"PYTHONPATH", join_paths(python_path)},
           {"PYTHONUNBUFFERED", "1"},  // lines reach the logs as they are printed
           {"PYTHONDONTWRITEBYTECODE", "1"},
           {"STORAGE_EMULATOR_HOST", "http://127.0.0.1:" + std::to_string(settings.storage_port)},
           {"GOOGLE_CLOUD_PROJECT", job.project},
           {"CLOUD_ML_PROJECT_ID", job.project},
           {"CLOUD_ML_JOB_ID", job.job_id},
           {"TF_CONFIG", tf_config.dump()}}};
}

}  // namespace

void JobRunner::set_state(const JobKey& job, const std::string& state) {
  jobs_.update(job.project, job.job_id, [&](nlohmann::json& stored) {
    if (stored.value("state", "") == "CANCELLING") return;  // a cancel won the race
    stored["state"] = state;
    if (state == "PREPARING") stored["startTime"] = format_rfc3339_nanos(now_nanos());
  });
}

void JobRunner::finish(const JobKey& job, const std::string& state,
                       const std::string& error_message) {
  // The last line goes first: whoever sees the job finished sees all of its logs.
  if (state == "SUCCEEDED") {
    log(job, "service", "INFO", "Job completed successfully.");
  } else {
    log(job, "service", state == "FAILED" ? "ERROR" : "INFO", error_message);
  }
  const UnixNanos end = now_nanos();
  jobs_.update(job.project, job.job_id, [&](nlohmann::json& stored) {
    stored["state"] = state;
    stored["endTime"] = format_rfc3339_nanos(end);
    if (!error_message.empty()) stored["errorMessage"] = error_message;
    const auto start = parse_rfc3339(stored.value("startTime", ""));
    const double hours = start ? static_cast<double>(end - *start) / 3.6e12 : 0.0;
    const std::string tier = stored["trainingInput"].value("scaleTier", "BASIC");
    stored["trainingOutput"]["consumedMLUnits"] =
        std::round(hours * ml_units_per_hour(tier) * 100.0) / 100.0;
  });
}

void JobRunner::execute(const JobKey& job, Active& active) {
  const nlohmann::json stored = jobs_.get(job.project, job.job_id);
  if (stored.value("state", "") != "QUEUED") return;  // cancelled while queued
  const nlohmann::json& input = stored["trainingInput"];
  set_state(job, "PREPARING");
  log(job, "service", "INFO", "Waiting for job to be provisioned.");

  const fs::path work_dir = settings_.work_root / document_id({job.project, job.job_id});
  std::error_code ignored;
  fs::remove_all(work_dir, ignored);
  fs::create_directories(work_dir / "run");
  std::vector<std::string> uris;
  for (const auto& uri : input["packageUris"]) {
    uris.push_back(uri.get<std::string>());
    log(job, "master-replica-0", "INFO", "Installing the package: " + uris.back());
  }
  std::vector<fs::path> python_path;
  try {
    python_path = install_packages(objects_, uris, work_dir);
  } catch (const PackageError& error) {
    finish(job, "FAILED", error.what());
    return;
  }
  if (active.cancel_requested) {
    finish(job, "CANCELLED", "Job cancelled by the user before its trainer started.");
    return;
  }
  run_trainer(job, input, python_path, work_dir, active);
}

void JobRunner::run_trainer(const JobKey& job, const nlohmann::json& input,
                            const std::vector<fs::path>& python_path, const fs::path& work_dir,
                            Active& active) {
  const ProcessSpec spec = trainer_spec(settings_, job, input, python_path, work_dir);
  set_state(job, "RUNNING");
  log(job, "service", "INFO", "Waiting for training program to start.");
  log(job, "master-replica-0", "INFO", "Running command: " + command_line(spec));

  std::mutex tail_mutex;
  std::deque<std::string> tail;  // the last stderr lines, for errorMessage
  auto on_line = [&](OutputStream stream, const std::string& raw) {
    const std::string line = clean_line(raw);
    const bool is_error = stream == OutputStream::err;
    log(job, "master-replica-0", is_error ? severity_of_stderr(line) : "INFO", line);
    if (!is_error) return;
    std::lock_guard lock(tail_mutex);
    tail.push_back(line);
    if (tail.size() > kTailLines) tail.pop_front();
  };
  std::unique_ptr<ChildProcess> child;
  try {
    child = std::make_unique<ChildProcess>(spec, on_line);
  } catch (const std::runtime_error& error) {
    finish(job, "FAILED", "The replica master 0 could not start: " + std::string(error.what()));
    return;
  }
  const ExitStatus status = watch(*child, job, active);
  child.reset();  // joins the output readers: every line is logged before the outcome

  if (active.cancel_requested) {
    finish(job, "CANCELLED", "Job cancelled by the user.");
  } else if (stopping_) {
    finish(job, "FAILED", "The magritte emulator stopped while this job was RUNNING. Submit "
                          "the job again (with a new job id).");
  } else if (status.ok()) {
    log(job, "master-replica-0", "INFO", "Module completed; cleaning up.");
    finish(job, "SUCCEEDED", "");
  } else {
    std::lock_guard lock(tail_mutex);
    finish(job, "FAILED", replica_failure(status, tail, job.job_id));
  }
}

// Waits for the trainer; a cancel sends SIGTERM to its process group, then SIGKILL after the
// grace period; stopping the emulator kills it at once.
ExitStatus JobRunner::watch(ChildProcess& child, const JobKey& job, Active& active) {
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

}  // namespace magritte::emulator::ml
