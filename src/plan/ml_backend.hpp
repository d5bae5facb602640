// Pure functions from Settings to the Commands of one ML backend. Today's backend is the
// AI Platform (ml v1) surface of gcloud (`gcloud ai-platform` or the seed's `ml-engine`);
// a Vertex AI backend would implement the same interface with `gcloud ai ...` commands.
#pragma once

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
  virtual Command describe_job(const std::string& job_id) const = 0;

  virtual Command describe_model() const = 0;  // --format=json
  virtual Command create_model() const = 0;
  virtual Command describe_version(const std::string& version) const = 0;  // --format=json
  virtual Command create_version(const std::string& version) const = 0;
  virtual Command set_default_version(const std::string& version) const = 0;
  virtual Command list_versions() const = 0;  // --format=json
};

// The backend chosen by the settings (gcloud.command_group decides the command words).
std::unique_ptr<MlBackend> make_ml_backend(const config::Settings& settings);

}  // namespace magritte::plan
