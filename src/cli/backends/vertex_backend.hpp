// Vertex AI behind the seam: `gcloud ai ...`. A custom job per training (its id is a number
// the service chooses; magritte's job name is its display name); a registry model whose
// versions carry magritte's version names as aliases; one endpoint per model (found by its
// display name, deploy.endpoint) where versions are deployed and traffic is split; the
// history of what served lives in the endpoint's labels.
#pragma once

#include <optional>

#include "cli/backends/ml_backend.hpp"
#include "plan/vertex.hpp"
#include "release/traffic_split.hpp"
#include "release/vertex_resources.hpp"

namespace magritte::cli {

class VertexBackend final : public MlBackend {
public:
  explicit VertexBackend(Context& context) : context_(context), commands_(context.settings()) {}

  std::string_view name() const override { return "vertex"; }

  void check_training_code() override;
  release::JobStatus submit_job(const std::string& name, const std::vector<std::string>& extra_args,
                                          bool known_new) override;
  release::JobStatus describe_job(const std::string& id) override;
  std::vector<release::JobStatus> find_jobs(const std::string& name, bool prefix) override;
  bool is_job_id(const std::string& text) const override;
  Command describe_job_command(const std::string& id) const override { return commands_.describe_custom_job(id); }
  Command cancel_job_command(const std::string& id) const override { return commands_.cancel_custom_job(id); }
  Command job_log_command(const std::string& id, const std::string& filter) const override;
  std::string list_jobs_hint() const override;

  Deployment deploy(bool wait, const WaitOptions& wait_options) override;
  ServingState read_serving(Runner& reader, bool with_versions) override;
  std::optional<release::VersionInfo> read_version(const std::string& version) override;
  std::optional<Unservable> not_servable(const release::VersionInfo& version) const override;
  ServingState switch_to(const ServingState& before, const std::string& version,
                         const std::vector<std::string>& history, HistoryWrite when) override;
  void plan_switch(const std::string& target, const std::function<void(const std::string&)>& plan_smoke,
                   bool is_rollback, std::optional<int> canary_percent, bool canary_only) override;
  void remove_version(const ServingState& state, const release::VersionInfo& version) override;
  void undeploy_version(const ServingState& state, const release::VersionInfo& version) override;
  bool splits_traffic() const override;
  ServingState set_canary(const ServingState& before, const std::string& version, int percent) override;
  void restore_split(const ServingState& before) override;
  std::string delete_hint(const std::string& version) const override;
  std::string prediction_url(const predict::Connection& connection,
                             const std::optional<std::string>& version) const override;
  predict::ProbeRequest smoke_target(const predict::Connection& connection, const ServingState& state,
                                     const std::string& version) const override;

private:
  // The registry and the endpoint as one read: both gcloud commands, or nothing under
  // --dry-run. `model_missing` when the registry has no such model.
  struct Snapshot {
    bool model_missing = false;
    nlohmann::json versions = nlohmann::json::array();  // models list-version
    std::optional<release::Endpoint> endpoint;
  };
  Snapshot read_snapshot(Runner& reader);
  std::optional<release::Endpoint> find_endpoint(Runner& reader);
  std::optional<release::Endpoint> endpoint_named(const nlohmann::json& list) const;
  release::Endpoint describe_endpoint(const std::string& id);
  ServingState serving_from(const Snapshot& snapshot) const;
  void check_names() const;

  // deploy's steps (vertex_deploy.cpp)
  void plan_deploy(const std::string& version);
  std::string upload_version(const Snapshot& snapshot, Deployment& deployment);
  release::Endpoint ensure_endpoint(const Snapshot& snapshot);
  void deploy_to_endpoint(const release::Endpoint& endpoint, const std::string& version_id, bool wait,
                          const WaitOptions& wait_options, Deployment& deployment);
  void wait_until_deployed(const std::string& endpoint_id, const std::string& deployed_id, const WaitOptions& wait,
                           Deployment& deployment);

  // traffic (vertex_traffic.cpp)
  ServingState patch_endpoint(const ServingState& state, const release::Split& split,
                              const std::map<std::string, std::string>& update_labels,
                              const std::vector<std::string>& remove_labels, const std::string& what);
  void move_default_alias(const release::VersionInfo& version);
  void finish_switch(const ServingState& state, const std::string& version) override;

  Context& context_;
  plan::VertexCommands commands_;
};

}  // namespace magritte::cli
