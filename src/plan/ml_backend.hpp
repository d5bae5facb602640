// Pure functions from Settings to the Commands of one ML backend. Today's backend is the
// AI Platform (ml v1) surface of gcloud (`gcloud ai-platform` or the seed's `ml-engine`);
// a Vertex AI backend would implement the same interface with `gcloud ai ...` commands.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "magritte/command.hpp"
#include "magritte/config.hpp"

namespace magritte::plan {

class MlBackend {
public:
  virtual ~MlBackend() = default;

  // Submits the training job; `job_id` is the effective id, `extra_args` come after
  // magritte's own `--` and follow train.args.
  virtual Command submit_training(const std::string& job_id,
                                  const std::vector<std::string>& extra_args) const = 0;
  virtual Command describe_job(const std::string& job_id) const = 0;  // --format=json
  virtual Command list_jobs() const = 0;                                // --format=json
  virtual Command cancel_job(const std::string& job_id) const = 0;
  // The job's log entries, oldest first, as JSON (Cloud Logging, what `jobs stream-logs`
  // reads); `extra_filter` narrows them (e.g. entries after the last one shown).
  virtual Command read_job_logs(const std::string& job_id, const std::string& extra_filter) const = 0;

  virtual Command describe_model() const = 0;  // --format=json
  virtual Command create_model() const = 0;
  virtual Command describe_version(const std::string& version) const = 0;  // --format=json
  virtual Command create_version(const std::string& version) const = 0;
  // The same with --async: gcloud returns the operation at once (--format=json).
  virtual Command create_version_async(const std::string& version) const = 0;
  virtual Command set_default_version(const std::string& version) const = 0;
  virtual Command list_versions() const = 0;  // --format=json
  virtual Command delete_version(const std::string& version) const = 0;  // --quiet: no prompt
  // gcloud merges: labels in `update` are set, keys in `remove` deleted, others untouched.
  virtual Command update_model_labels(const std::map<std::string, std::string>& update,
                                      const std::vector<std::string>& remove) const = 0;
};

// The backend chosen by the settings (gcloud.command_group decides the command words).
std::unique_ptr<MlBackend> make_ml_backend(const config::Settings& settings);

}  // namespace magritte::plan
