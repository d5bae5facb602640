#pragma once

#include <map>
#include <string>
#include <vector>

#include "magritte/command.hpp"
#include "magritte/config.hpp"

namespace magritte::plan {

// Pure functions from Settings to `gcloud ai-platform ...` Commands (or `gcloud ml-engine
// ...`, the seed's spelling: same requests), used by cli/backends/ai_platform_backend.
//
// Endpoint: jobs always go to the global endpoint (the region is in the job body). Models
// are created the seed's way, `models create --regions R` on the global endpoint, so every
// model and version command passes `--region global` too: without --region, gcloud would
// prompt on a terminal or fall back to us-central1's regional endpoint, where a global
// model does not exist.
class AiPlatformCommands {
public:
  explicit AiPlatformCommands(const config::Settings& settings) : settings_(settings) {}

  // Submits the training job; `job_id` is the effective id, `extra_args` come after
  // magritte's own `--` and follow train.args.
  Command submit_training(const std::string& job_id,
                          const std::vector<std::string>& extra_args) const;
  Command describe_job(const std::string& job_id) const;
  Command list_jobs() const;
  Command cancel_job(const std::string& job_id) const;
  // The job's log entries, oldest first, as JSON (Cloud Logging, what `jobs stream-logs`
  // reads); `extra_filter` narrows them (e.g. entries after the last one shown).
  Command read_job_logs(const std::string& job_id, const std::string& extra_filter) const;
  Command describe_model() const;
  Command create_model() const;
  Command describe_version(const std::string& version) const;
  Command create_version(const std::string& version) const;
  // The same with --async: gcloud returns the operation at once (--format=json).
  Command create_version_async(const std::string& version) const;
  Command set_default_version(const std::string& version) const;
  Command list_versions() const;
  // At most `limit` models: a cheap call that says whether the API answers (doctor).
  Command list_models(int limit) const;
  Command delete_version(const std::string& version) const;
  // gcloud merges: labels in `update` are set, keys in `remove` deleted, others untouched.
  Command update_model_labels(const std::map<std::string, std::string>& update,
                              const std::vector<std::string>& remove) const;

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
