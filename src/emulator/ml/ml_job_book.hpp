// ml v1 training jobs (projects.jobs) as the trainer runner drives them: QUEUED, PREPARING,
// RUNNING, CANCELLING, SUCCEEDED, FAILED, CANCELLED; `--job-dir` appended to the trainer's
// args; TF_CONFIG with one master; errorMessage and trainingOutput.consumedMLUnits at the end.
#pragma once

#include "emulator/ml/job_store.hpp"
#include "emulator/training/job_book.hpp"

namespace magritte::emulator::ml {

class MlJobBook final : public training::JobBook {
public:
  explicit MlJobBook(JobStore& jobs) : jobs_(jobs) {}

  training::Phase phase(const training::JobRef& job) const override;
  void enter(const training::JobRef& job, training::Phase phase) override;
  void finish(const training::JobRef& job, training::Phase outcome, const std::string& message) override;
  training::TrainerLaunch launch(const training::JobRef& job) const override;
  std::vector<training::JobRef> unfinished() const override;

private:
  JobStore& jobs_;
};

}  // namespace magritte::emulator::ml
