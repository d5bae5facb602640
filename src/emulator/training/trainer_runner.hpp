// Runs training jobs for real, for any API whose jobs a JobBook describes (ml v1 jobs,
// Vertex custom jobs): queued → preparing (fetch and unpack the packages) → running
// (python3 -m <module> <args>) → succeeded / failed / cancelled. At most `max_parallel`
// trainers run at once; the others wait queued. Every line the trainer prints becomes a log
// entry (stdout INFO, stderr ERROR unless the line starts with a Python logging level), which
// `gcloud ai-platform jobs stream-logs` and `gcloud ai custom-jobs stream-logs` read.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "emulator/logging/log_store.hpp"
#include "emulator/object_store.hpp"
#include "emulator/training/child_process.hpp"
#include "emulator/training/job_book.hpp"

namespace magritte::emulator::training {

struct RunnerSettings {
  // Debian's python3 (numpy, PIL, onnx); the `python3` first on PATH may lack them.
  std::filesystem::path python = "/usr/bin/python3";
  std::filesystem::path work_root;  // one work directory per job under it
  int storage_port = 0;             // trainers get STORAGE_EMULATOR_HOST=http://127.0.0.1:<port>
  int max_parallel = 2;
  std::chrono::milliseconds cancel_grace{5000};  // SIGTERM, then SIGKILL after this
};

class TrainerRunner {
public:
  // Asked before a job enters its final state: true when it keeps `apply` to call later (a
  // test holds the job in its running state, see vertex/holds.hpp). Until then the job stays
  // running (or cancelling), whatever its trainer did.
  using FinalGate = std::function<bool(const JobRef&, std::function<void()> apply)>;

  TrainerRunner(JobBook& book, LogStore& logs, const ObjectStore& objects, RunnerSettings settings,
                FinalGate gate = {});
  // Stops the workers: running trainers are killed and their jobs failed, queued jobs failed,
  // held outcomes applied.
  ~TrainerRunner();
  TrainerRunner(const TrainerRunner&) = delete;
  TrainerRunner& operator=(const TrainerRunner&) = delete;

  // Jobs a previous emulator run left unfinished cannot be resumed (their trainers died with
  // it): they fail, saying so. Call once, before the first submit.
  void fail_interrupted_jobs();
  // Logs the service's acceptance lines and queues the (already stored, queued) job; a job
  // cancelled meanwhile is left alone.
  void submit(const JobRef& job);
  // False when the job is already final (each API refuses in its own words); throws ApiError
  // (404) for an unknown job.
  bool cancel(const JobRef& job);

  // Blocks until the job reaches a final state or `timeout` passes; true when final (tests).
  bool wait_until_final(const JobRef& job, std::chrono::milliseconds timeout);

private:
  struct Active {
    std::atomic<bool> cancel_requested{false};
  };
  struct Outcome {
    Phase phase = Phase::failed;
    std::string message;
  };

  void work();
  void execute(const JobRef& job, Active& active);
  Outcome run_trainer(const JobRef& job, const TrainerLaunch& launch,
                      const std::vector<std::filesystem::path>& python_path,
                      const std::filesystem::path& work_dir, Active& active);
  ExitStatus watch(ChildProcess& child, const JobRef& job, Active& active);
  // Through the gate: the outcome waits while the job is held.
  void conclude(const JobRef& job, const Outcome& outcome);
  void apply_held(const JobRef& job);
  void finish(const JobRef& job, const Outcome& outcome);
  void log(const JobRef& job, const std::string& task, const char* severity, const std::string& line);
  static std::string key_of(const JobRef& job);

  JobBook& book_;
  LogStore& logs_;
  const ObjectStore& objects_;
  RunnerSettings settings_;
  FinalGate gate_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable finished_;
  std::deque<JobRef> queue_;
  std::map<std::string, std::shared_ptr<Active>> active_;  // preparing/running jobs
  std::map<std::string, std::pair<JobRef, Outcome>> held_;  // outcomes waiting for the gate
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> workers_;
};

}  // namespace magritte::emulator::training
