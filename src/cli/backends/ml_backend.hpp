// The seam between the commands and a service. The commands (src/cli/*_command.cpp and the
// flows they share: job_follow, release_switch, deployment...) orchestrate the same way for
// every service; an MlBackend turns each release operation into its own gcloud commands:
//
//   operation            AI Platform (ml v1)                 Vertex AI
//   submit a job         jobs submit training ID             package + upload, custom-jobs create
//   find/follow a job    jobs describe ID                    custom-jobs list/describe (ids are numbers)
//   publish a version    versions create                     models upload (an aliased registry version)
//   make it servable     (a READY version serves)            endpoints deploy-model, 0 % traffic
//   read what serves     models describe + versions list     endpoints list + models list-version
//   switch traffic       versions set-default                endpoints update --traffic-split
//   remember history     the model's labels                  the endpoint's labels (same PATCH)
//   remove a version     versions delete                     endpoints undeploy-model, models delete-version
//
// Under --dry-run every operation prints the commands it may run (conditional ones after a
// note) and returns placeholders.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/context.hpp"
#include "cli/waiting.hpp"
#include "magritte/command.hpp"
#include "predict/connection.hpp"
#include "predict/probe.hpp"
#include "release/history.hpp"
#include "release/job_status.hpp"
#include "release/version_list.hpp"

namespace magritte::cli {

// What serves, and where the history of what served lives.
struct ServingState {
  std::string model;
  std::string default_version;        // the version users get (all the traffic); "" when none
  release::Labels labels;             // the model's (ml v1) or the endpoint's (Vertex)
  std::vector<std::string> history;   // release::read_history(labels)
  release::NameAlphabet alphabet = release::NameAlphabet::ml_v1;  // how names are written in labels
  std::string canary;                 // Vertex: the version holding a canary share ("" when none)
  std::vector<release::VersionInfo> versions;  // newest first, when asked for
  std::string endpoint_id;            // Vertex
  nlohmann::json resource;            // the model (ml v1), the endpoint (Vertex; null: none yet)
};

struct Deployment {
  bool model_created = false;
  // "created", "unchanged" (already there with the same origin, and servable), or "creating"
  // (exists with the same origin, not servable yet, not waited for).
  std::string version_status;
  std::string state;                  // the version's state at the end ("" under --dry-run)
  std::chrono::seconds waited{0};
  nlohmann::json details = nlohmann::json::object();  // backend specifics for --format json
};

// Where a history change is written relative to the switch (ml v1 needs two requests;
// Vertex writes both in one PATCH).
enum class HistoryWrite { before_switch, after_switch };

class MlBackend {
public:
  virtual ~MlBackend() = default;
  virtual std::string_view name() const = 0;  // "vertex", "ai-platform"

  // ── Training jobs ──
  // Checks what a job needs before anything runs (Error(usage)); under --dry-run a missing
  // package is only a warning.
  virtual void check_training_code() = 0;
  // Submits job `name` with train.args + `extra_args`. A failed submission is never retried
  // blindly: the job it created anyway is followed; an older job of that name is
  // Error(refused). `known_new`: the caller has just looked, no job has this name (a
  // backend whose names are not unique need not look again). Returns the job (a
  // placeholder under --dry-run).
  virtual release::JobStatus submit_job(const std::string& name, const std::vector<std::string>& extra_args,
                                          bool known_new) = 0;
  // Error(usage) naming the job when it does not exist.
  virtual release::JobStatus describe_job(const std::string& id) = 0;
  // The jobs called `name` (or, with `prefix`, whose name starts with it), newest first.
  virtual std::vector<release::JobStatus> find_jobs(const std::string& name, bool prefix) = 0;
  // Whether what a user typed is the service's id of a job (else it is a name to look up).
  virtual bool is_job_id(const std::string& text) const = 0;
  virtual Command describe_job_command(const std::string& id) const = 0;
  virtual Command cancel_job_command(const std::string& id) const = 0;
  // The job's log entries after `filter`, oldest first, as JSON (Cloud Logging).
  virtual Command job_log_command(const std::string& id, const std::string& filter) const = 0;
  virtual std::string list_jobs_hint() const = 0;  // the gcloud command that lists jobs

  // ── Versions and what serves ──
  // Publishes model.version from deploy.origin and makes it servable; `wait`: follows it
  // until it serves (Error(timeout) etc. with how to carry on).
  virtual Deployment deploy(bool wait, const WaitOptions& wait_options) = 0;
  // Error(refused) when the model does not exist. `reader`: where the reads run (prune
  // --dry-run asks for real); `with_versions`: also list the versions.
  virtual ServingState read_serving(Runner& reader, bool with_versions) = 0;
  virtual std::optional<release::VersionInfo> read_version(const std::string& version) = 0;
  // Why the version cannot take traffic ("is CREATING, not READY", "is not deployed on
  // endpoint E") and what to do, or nullopt when it can.
  struct Unservable {
    std::string why;
    std::string hint;
  };
  virtual std::optional<Unservable> not_servable(const release::VersionInfo& version) const = 0;
  // Gives `version` all the traffic and records `history` (when it differs from what
  // `before` holds) before or after the switch; returns the state read back.
  virtual ServingState switch_to(const ServingState& before, const std::string& version,
                                 const std::vector<std::string>& history, HistoryWrite when) = 0;
  // Under --dry-run: what a switch runs (promote: `target`; rollback: the history's entry);
  // `plan_smoke` (may be empty) prints the smoke test where it would run. `canary_percent`
  // (traffic splits only): the canary share taken first; `canary_only`: promote --canary,
  // which stops there.
  virtual void plan_switch(const std::string& target, const std::function<void(const std::string&)>& plan_smoke,
                           bool is_rollback, std::optional<int> canary_percent, bool canary_only) = 0;
  virtual void remove_version(const ServingState& state, const release::VersionInfo& version) = 0;
  // Vertex: undeploys the version (it keeps its registry entry); Error(refused) while it
  // carries traffic. ml v1 has nothing to undeploy: Error(usage).
  virtual void undeploy_version(const ServingState& state, const release::VersionInfo& version) = 0;

  // ── Traffic splits (Vertex AI; ml v1 serves one default version) ──
  virtual bool splits_traffic() const = 0;
  // What serves is already `version`: finishes what an interrupted switch may have left
  // (Vertex: the registry's default alias, moved after the traffic). Nothing on ml v1.
  virtual void finish_switch(const ServingState& /*state*/, const std::string& /*version*/) {}
  // Gives `version` `percent` % of the traffic, the others keeping their proportions of the
  // rest, and records it as the canary (not a rollback target); returns the state after.
  virtual ServingState set_canary(const ServingState& before, const std::string& version, int percent) = 0;
  // Puts back exactly the split and canary record `before` had.
  virtual void restore_split(const ServingState& before) = 0;
  // How to delete a version by hand (for messages).
  virtual std::string delete_hint(const std::string& version) const = 0;

  // ── Predictions ──
  // Where predictions go, once gcloud's properties and token are known (called on predict's
  // connecting thread while the first images are prepared; reads settings only). ml v1: the
  // model's URL, or the version's with `version`. Vertex: the endpoint's, after checking
  // that `version`, when given, is the one that serves (Error(refused) saying which does).
  virtual std::string prediction_url(const predict::Connection& connection,
                                     const std::optional<std::string>& version) const = 0;
  // Where the smoke test asks `version` (ml v1: its own URL; Vertex: the endpoint, only the
  // version's deployed model's answers counting, as many requests as its share in `state`
  // needs). Error(refused) when the version cannot be reached that way.
  virtual predict::ProbeRequest smoke_target(const predict::Connection& connection, const ServingState& state,
                                             const std::string& version) const = 0;
};

// The backend gcloud.backend names.
std::unique_ptr<MlBackend> make_ml_backend(Context& context);

}  // namespace magritte::cli
