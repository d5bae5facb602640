// What the trainer runner needs from one API's training jobs: the ml v1 Job
// (ml/ml_job_book.cpp) and the Vertex CustomJob (vertex/custom_job_book.cpp) keep their own
// resources, state names and fields; the runner only speaks phases and trainer launches.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace magritte::emulator::training {

// A job's life as the runner drives it. Each API names these in its own words (ml v1
// PREPARING, Vertex JOB_STATE_PENDING...).
enum class Phase { queued, preparing, running, cancelling, succeeded, failed, cancelled };

bool is_final(Phase phase);  // succeeded, failed, cancelled
// "QUEUED", "PREPARING", ... (ml v1's state names, and the runner's words in messages).
const char* phase_name(Phase phase);

// A job as the runner and the log store know it. Ids never collide between the APIs: ml v1
// job ids start with a letter, Vertex custom job ids are numbers.
struct JobRef {
  std::string project;
  std::string id;
};

// What one trainer run starts: `python3 -m <module> <args>` with the packages on PYTHONPATH.
struct TrainerLaunch {
  std::vector<std::string> package_uris;
  std::string python_module;
  std::vector<std::string> args;           // exactly the trainer's argv after the module
  std::map<std::string, std::string> env;  // the API's variables (job id, cluster spec...)
  std::string task_name;  // the log entries' task: "master-replica-0", "workerpool0-0"
  std::string replica;    // the replica in failure messages: "master 0", "workerpool0-0"
  std::string logs_hint;  // the command that shows the logs, for failure messages
};

class JobBook {
public:
  virtual ~JobBook() = default;

  // Throws ApiError (404) for an unknown job.
  virtual Phase phase(const JobRef& job) const = 0;
  // preparing or running (the first entry sets the API's start time), or cancelling. Does
  // nothing to a job that is final or cancelling: a cancel wins the race with the runner.
  virtual void enter(const JobRef& job, Phase phase) = 0;
  // The final state, with the message a failure or a cancel carries.
  virtual void finish(const JobRef& job, Phase outcome, const std::string& message) = 0;
  virtual TrainerLaunch launch(const JobRef& job) const = 0;
  // Jobs not in a final state (a restart fails them: their trainers died).
  virtual std::vector<JobRef> unfinished() const = 0;
};

}  // namespace magritte::emulator::training
