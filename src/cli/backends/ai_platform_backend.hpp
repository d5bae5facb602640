// The legacy AI Platform (ml v1) behind the seam: `gcloud ai-platform ...` (or the seed's
// `gcloud ml-engine ...`). Jobs are named by their ids; a model has versions, one of which
// is the default; the history of defaults lives in the model's labels. The service was shut
// down by Google on 2025-01-31: this backend serves the tutorial's exact commands and the
// local emulator.
#pragma once

#include "cli/backends/ml_backend.hpp"
#include "plan/ai_platform.hpp"
#include "release/watch.hpp"

namespace magritte::cli {

class AiPlatformBackend final : public MlBackend {
public:
  explicit AiPlatformBackend(Context& context) : context_(context), commands_(context.settings()) {}

  std::string_view name() const override { return "ai-platform"; }

  void check_training_code() override;
  release::JobStatus submit_job(const std::string& name, const std::vector<std::string>& extra_args,
                                          bool known_new) override;
  release::JobStatus describe_job(const std::string& id) override;
  std::vector<release::JobStatus> find_jobs(const std::string& name, bool prefix) override;
  bool is_job_id(const std::string&) const override { return true; }
  Command describe_job_command(const std::string& id) const override { return commands_.describe_job(id); }
  Command cancel_job_command(const std::string& id) const override { return commands_.cancel_job(id); }
  Command job_log_command(const std::string& id, const std::string& filter) const override {
    return commands_.read_job_logs(id, filter);
  }
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
  struct FollowedVersion {
    release::WatchOutcome outcome;
    release::VersionInfo version;
  };

  void plan_deploy(const std::string& version, bool wait, const WaitOptions& wait_options);
  std::string existing_version_status(const release::VersionInfo& existing, const std::string& version) const;
  void create_model(Capture capture);
  void create_version(bool wait, Capture capture, Deployment& deployment);
  FollowedVersion follow_version(const std::string& version, const WaitOptions& wait);
  void check_version_end(const FollowedVersion& followed, const std::string& version, const WaitOptions& wait);
  void write_history(const ServingState& state, const std::vector<std::string>& history);
  void set_default(const std::string& version);

  Context& context_;
  plan::AiPlatformCommands commands_;
};

}  // namespace magritte::cli
