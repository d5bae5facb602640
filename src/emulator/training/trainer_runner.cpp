// TrainerRunner: the queue, the worker threads, cancel, held outcomes and restart recovery.
// The run of one job (packages, trainer process, outcome) is in trainer_run.cpp.
#include "emulator/training/trainer_runner.hpp"

#include <algorithm>
#include <optional>

namespace magritte::emulator::training {

const char* phase_name(Phase phase) {
  switch (phase) {
    case Phase::queued: return "QUEUED";
    case Phase::preparing: return "PREPARING";
    case Phase::running: return "RUNNING";
    case Phase::cancelling: return "CANCELLING";
    case Phase::succeeded: return "SUCCEEDED";
    case Phase::failed: return "FAILED";
    case Phase::cancelled: return "CANCELLED";
  }
  return "UNKNOWN";
}

bool is_final(Phase phase) {
  return phase == Phase::succeeded || phase == Phase::failed || phase == Phase::cancelled;
}

TrainerRunner::TrainerRunner(JobBook& book, LogStore& logs, const ObjectStore& objects,
                             RunnerSettings settings, FinalGate gate)
    : book_(book), logs_(logs), objects_(objects), settings_(std::move(settings)), gate_(std::move(gate)) {
  const int workers = std::max(1, settings_.max_parallel);
  for (int i = 0; i < workers; ++i) workers_.emplace_back([this] { work(); });
}

TrainerRunner::~TrainerRunner() {
  std::deque<JobRef> queued;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queued.swap(queue_);
  }
  wake_.notify_all();
  for (auto& worker : workers_) worker.join();  // running trainers notice stopping_ and die
  for (const auto& job : queued) {
    finish(job, {Phase::failed, "The magritte emulator stopped while this job was QUEUED. Submit "
                                "the job again (with a new job id)."});
  }
  // Nobody can release a hold any more: what the trainers did is what the jobs become.
  std::map<std::string, std::pair<JobRef, Outcome>> held;
  {
    std::lock_guard lock(mutex_);
    held.swap(held_);
  }
  for (const auto& [key, entry] : held) finish(entry.first, entry.second);
}

std::string TrainerRunner::key_of(const JobRef& job) { return job.project + "~" + job.id; }

void TrainerRunner::log(const JobRef& job, const std::string& task, const char* severity,
                        const std::string& line) {
  logs_.append(job.project, job.id, task, severity, line);
}

void TrainerRunner::fail_interrupted_jobs() {
  for (const auto& job : book_.unfinished()) {
    finish(job, {Phase::failed, std::string("The magritte emulator restarted while this job was ") +
                                    phase_name(book_.phase(job)) +
                                    "; its trainer did not survive the restart. Submit the job "
                                    "again (with a new job id)."});
  }
}

void TrainerRunner::submit(const JobRef& job) {
  if (book_.phase(job) != Phase::queued) return;  // cancelled while a test held it back
  log(job, "service", "INFO", "Validating job requirements...");
  log(job, "service", "INFO", "Job creation request has been successfully validated.");
  log(job, "service", "INFO", "Job " + job.id + " is queued.");
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(job);
  }
  wake_.notify_one();
}

bool TrainerRunner::cancel(const JobRef& job) {
  std::unique_lock lock(mutex_);
  if (is_final(book_.phase(job))) return false;  // 404 for an unknown job
  const std::string key = key_of(job);
  if (auto held = held_.find(key); held != held_.end()) {
    held->second.second = {Phase::cancelled, "Job cancelled by the user."};
    book_.enter(job, Phase::cancelling);
    return true;  // applied when the hold is released
  }
  if (auto active = active_.find(key); active != active_.end()) {
    active->second->cancel_requested = true;
    book_.enter(job, Phase::cancelling);
    return true;  // the worker stops the trainer and records the cancel
  }
  std::erase_if(queue_, [&](const JobRef& queued) { return key_of(queued) == key; });
  lock.unlock();
  finish(job, {Phase::cancelled, "Job cancelled by the user before it started."});
  { std::lock_guard relock(mutex_); }  // a waiter is either before its check or waiting
  finished_.notify_all();
  return true;
}

void TrainerRunner::work() {
  while (true) {
    JobRef job;
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
      finish(job, {Phase::failed, std::string("Internal error in the magritte emulator: ") + error.what()});
    }
    {
      std::lock_guard lock(mutex_);
      active_.erase(key_of(job));
    }
    finished_.notify_all();
  }
}

void TrainerRunner::conclude(const JobRef& job, const Outcome& outcome) {
  if (gate_ && !stopping_) {
    {
      std::lock_guard lock(mutex_);
      held_[key_of(job)] = {job, outcome};
    }
    if (gate_(job, [this, job] { apply_held(job); })) return;
    std::lock_guard lock(mutex_);
    held_.erase(key_of(job));
  }
  finish(job, outcome);
}

void TrainerRunner::apply_held(const JobRef& job) {
  std::optional<Outcome> outcome;
  {
    std::lock_guard lock(mutex_);
    if (auto held = held_.find(key_of(job)); held != held_.end()) {
      outcome = held->second.second;
      held_.erase(held);
    }
  }
  if (!outcome) return;  // applied at shutdown already
  finish(job, *outcome);
  { std::lock_guard relock(mutex_); }
  finished_.notify_all();
}

bool TrainerRunner::wait_until_final(const JobRef& job, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  while (true) {
    if (is_final(book_.phase(job))) return true;
    if (finished_.wait_until(lock, deadline) == std::cv_status::timeout) {
      return is_final(book_.phase(job));
    }
  }
}

}  // namespace magritte::emulator::training
