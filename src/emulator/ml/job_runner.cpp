// JobRunner: the queue, the worker threads, cancel and restart recovery. The run of one job
// (packages, trainer process, outcome) is in job_execution.cpp.
#include "emulator/ml/job_runner.hpp"

#include "emulator/ml/api_error.hpp"
#include "emulator/ml/names.hpp"

namespace magritte::emulator::ml {

JobRunner::JobRunner(JobStore& jobs, LogStore& logs, const ObjectStore& objects,
                     TrainerSettings settings)
    : jobs_(jobs), logs_(logs), objects_(objects), settings_(std::move(settings)) {
  const int workers = std::max(1, settings_.max_parallel);
  for (int i = 0; i < workers; ++i) workers_.emplace_back([this] { work(); });
}

JobRunner::~JobRunner() {
  std::deque<JobKey> queued;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queued.swap(queue_);
  }
  wake_.notify_all();
  for (auto& worker : workers_) worker.join();  // running trainers notice stopping_ and die
  for (const auto& job : queued) {
    finish(job, "FAILED", "The magritte emulator stopped while this job was QUEUED. Submit "
                          "the job again (with a new job id).");
  }
}

std::string JobRunner::key_of(const JobKey& job) const {
  return document_id({job.project, job.job_id});
}

void JobRunner::log(const JobKey& job, const char* task, const char* severity,
                    const std::string& line) {
  logs_.append(job.project, job.job_id, task, severity, line);
}

void JobRunner::fail_interrupted_jobs() {
  for (const auto& job : jobs_.unfinished()) {
    const std::string state = jobs_.get(job.project, job.job_id).value("state", "");
    finish(job, "FAILED",
           "The magritte emulator restarted while this job was " + state +
               "; its trainer did not survive the restart. Submit the job again (with a new "
               "job id).");
  }
}

void JobRunner::submit(const JobKey& job) {
  log(job, "service", "INFO", "Validating job requirements...");
  log(job, "service", "INFO", "Job creation request has been successfully validated.");
  log(job, "service", "INFO", "Job " + job.job_id + " is queued.");
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(job);
  }
  wake_.notify_one();
}

void JobRunner::cancel(const JobKey& job) {
  std::unique_lock lock(mutex_);
  const std::string state = jobs_.get(job.project, job.job_id).value("state", "");  // 404
  if (is_final_state(state)) throw failed_precondition("Cannot cancel an already completed job.");
  auto active = active_.find(key_of(job));
  if (active != active_.end()) {
    active->second->cancel_requested = true;
    jobs_.update(job.project, job.job_id, [](nlohmann::json& stored) {
      if (!is_final_state(stored.value("state", ""))) stored["state"] = "CANCELLING";
    });
    return;  // the worker stops the trainer and records CANCELLED
  }
  const auto key = key_of(job);
  std::erase_if(queue_, [&](const JobKey& queued) { return key_of(queued) == key; });
  lock.unlock();
  finish(job, "CANCELLED", "Job cancelled by the user before it started.");
  { std::lock_guard relock(mutex_); }  // a waiter is either before its check or waiting
  finished_.notify_all();
}

void JobRunner::work() {
  while (true) {
    JobKey job;
    std::shared_ptr<Active> active;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = queue_.front();
      queue_.pop_front();
      active = std::make_shared<Active>();
      active_[key_of(job)] = active;
    }
    try {
      execute(job, *active);
    } catch (const std::exception& error) {
      finish(job, "FAILED", std::string("Internal error in the magritte emulator: ") + error.what());
    }
    {
      std::lock_guard lock(mutex_);
      active_.erase(key_of(job));
    }
    finished_.notify_all();
  }
}

bool JobRunner::wait_until_final(const JobKey& job, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  while (true) {
    if (is_final_state(jobs_.get(job.project, job.job_id).value("state", ""))) return true;
    if (finished_.wait_until(lock, deadline) == std::cv_status::timeout) {
      return is_final_state(jobs_.get(job.project, job.job_id).value("state", ""));
    }
  }
}

}  // namespace magritte::emulator::ml
