// Runs training jobs for real: QUEUED → PREPARING (fetch and unpack the packages) → RUNNING
// (python3 -m <module> <args> --job-dir <dir>) → SUCCEEDED / FAILED / CANCELLED. At most
// `max_parallel` trainers run at once; the others wait in QUEUED. Every line the trainer
// prints becomes a log entry (stdout INFO, stderr ERROR unless the line starts with a Python
// logging level), which `gcloud ai-platform jobs stream-logs` reads.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/object_store.hpp"
#include "emulator/logging/log_store.hpp"
#include "emulator/ml/child_process.hpp"
#include "emulator/ml/job_store.hpp"

namespace magritte::emulator::ml {

struct TrainerSettings {
  // Debian's python3 (numpy, PIL, onnx); the `python3` first on PATH may lack them.
  std::filesystem::path python = "/usr/bin/python3";
  std::filesystem::path work_root;  // one work directory per job under it
  int storage_port = 0;             // trainers get STORAGE_EMULATOR_HOST=http://127.0.0.1:<port>
  int max_parallel = 2;
  std::chrono::milliseconds cancel_grace{5000};  // SIGTERM, then SIGKILL after this
};

class JobRunner {
public:
  JobRunner(JobStore& jobs, LogStore& logs, const ObjectStore& objects, TrainerSettings settings);
  // Stops the workers; running trainers are killed and their jobs marked FAILED.
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Jobs a previous emulator run left unfinished cannot be resumed (their trainers died with
  // it): they become FAILED, saying so. Call once, before the first submit.
  void fail_interrupted_jobs();
  // Logs the service's acceptance lines and queues the (already stored, QUEUED) job.
  void submit(const JobKey& job);
  // Throws ApiError FAILED_PRECONDITION "Cannot cancel an already completed job." when done.
  void cancel(const JobKey& job);

  // Blocks until the job reaches a final state or `timeout` passes; true when final (tests).
  bool wait_until_final(const JobKey& job, std::chrono::milliseconds timeout);

private:
  struct Active {
    std::atomic<bool> cancel_requested{false};
  };

  void work();
  void execute(const JobKey& job, Active& active);
  void run_trainer(const JobKey& job, const nlohmann::json& input,
                   const std::vector<std::filesystem::path>& python_path,
                   const std::filesystem::path& work_dir, Active& active);
  ExitStatus watch(ChildProcess& child, const JobKey& job, Active& active);
  void finish(const JobKey& job, const std::string& state, const std::string& error_message);
  void log(const JobKey& job, const char* task, const char* severity, const std::string& line);
  void set_state(const JobKey& job, const std::string& state);
  std::string key_of(const JobKey& job) const;

  JobStore& jobs_;
  LogStore& logs_;
  const ObjectStore& objects_;
  TrainerSettings settings_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable finished_;
  std::deque<JobKey> queue_;
  std::map<std::string, std::shared_ptr<Active>> active_;  // PREPARING/RUNNING jobs
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> workers_;
};

}  // namespace magritte::emulator::ml
