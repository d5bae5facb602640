#pragma once

#include "plan/ml_backend.hpp"

namespace magritte::plan {

// `gcloud ai-platform ...` (or `gcloud ml-engine ...`, the seed's spelling: same requests).
//
// Endpoint: jobs always go to the global endpoint (the region is in the job body). Models
// are created the seed's way, `models create --regions R` on the global endpoint, so every
// model and version command passes `--region global` too: without --region, gcloud would
// prompt on a terminal or fall back to us-central1's regional endpoint, where a global
// model does not exist.
class AiPlatformBackend : public MlBackend {
public:
  explicit AiPlatformBackend(const config::Settings& settings) : settings_(settings) {}

  Command submit_training(const std::string& job_id,
                          const std::vector<std::string>& extra_args) const override;
  Command describe_job(const std::string& job_id) const override;
  Command list_jobs() const override;
  Command cancel_job(const std::string& job_id) const override;
  Command read_job_logs(const std::string& job_id, const std::string& extra_filter) const override;
  Command describe_model() const override;
  Command create_model() const override;
  Command describe_version(const std::string& version) const override;
  Command create_version(const std::string& version) const override;
  Command create_version_async(const std::string& version) const override;
  Command set_default_version(const std::string& version) const override;
  Command list_versions() const override;
  Command delete_version(const std::string& version) const override;
  Command update_model_labels(const std::map<std::string, std::string>& update,
                              const std::vector<std::string>& remove) const override;

private:
  // "gcloud <group> <words...>"
  Command gcloud(std::initializer_list<std::string> words) const;
  // --project P when gcloud.pass_project is on and project.id is set.
  void add_project(Command& command) const;
  void add_training_flags(Command& command) const;
  void add_distributed_flags(Command& command) const;

  const config::Settings& settings_;
};

}  // namespace magritte::plan
