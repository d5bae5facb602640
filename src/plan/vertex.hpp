// Pure functions from Settings to `gcloud ai ...` Commands: Vertex AI's custom jobs, model
// registry (numbered versions with aliases) and endpoints (deployed models and a traffic
// split). What the real gcloud 528 sends for each: /work/shared/docs/vertex-rest-traces.md.
//
// Jobs run in train.region; models and endpoints live in project.region. magritte's version
// name (model.version, "v3") is the version's alias in the registry and the deployed
// model's display name on the endpoint.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "magritte/command.hpp"
#include "magritte/config.hpp"
#include "plan/vertex_pools.hpp"

namespace magritte::plan {

// A traffic split: deployed model id → percent ("0" = the model being deployed).
using TrafficSplit = std::map<std::string, int>;

struct CustomJobRequest {
  std::string display_name;
  std::vector<std::string> package_uris;  // gs:// of the staged trainer, then train.packages
  std::string spec_file;                  // where custom_job_spec() is written, for --config
  WorkerPools pools;
  std::string executor_image;
  std::vector<std::string> extra_args;    // after train.args
};

class VertexCommands {
public:
  explicit VertexCommands(const config::Settings& settings) : settings_(settings) {}

  // ── custom jobs ──
  // The job's machines, package, module, arguments and base output directory go in a
  // CustomJobSpec file (--config), not in --worker-pool-spec/--args flags: gcloud's --args is
  // a list that refuses a repeated value ("--epochs 3 --steps 3" cannot be said) and splits
  // on commas; the file carries any argument list exactly.
  Command create_custom_job(const CustomJobRequest& request) const;  // --format=json
  std::string custom_job_spec(const CustomJobRequest& request) const;  // JSON (YAML's subset)
  Command describe_custom_job(const std::string& id) const;          // --format=json
  // All jobs whose display name is `name` (or, with `prefix`, starts with `name`).
  Command list_custom_jobs(const std::string& name, bool prefix) const;  // --format=json
  Command cancel_custom_job(const std::string& id) const;

  // ── model registry ──
  Command list_model_versions() const;  // --format=json; NOT_FOUND when the model is missing
  // `parent`: the model's resource name for a later version; nullopt for the first upload.
  Command upload_model(const std::string& version, const std::optional<std::string>& parent,
                       const std::string& container_image) const;  // --format=json
  Command delete_model_version(const std::string& version_id) const;  // --quiet
  // At most `limit` models of project.region: a cheap call that says whether the API
  // answers (doctor).
  Command list_models(int limit) const;  // --format=json

  // ── endpoints ──
  Command list_endpoints() const;  // --format=json, narrowed to deploy.endpoint's display name
  Command create_endpoint() const;  // --format=json
  Command describe_endpoint(const std::string& endpoint_id) const;  // --format=json
  // Deploys version `version_id` as `deployed_model_id`; `split` empty: the endpoint's split
  // is left as it is (the new model gets 0 %).
  Command deploy_model(const std::string& endpoint_id, const std::string& version_id, const std::string& version,
                       const std::string& deployed_model_id, const TrafficSplit& split) const;
  // One PATCH: the split (when given) and the labels; --format=json prints the endpoint.
  Command update_endpoint(const std::string& endpoint_id, const std::optional<TrafficSplit>& split,
                          const std::map<std::string, std::string>& update_labels,
                          const std::vector<std::string>& remove_labels) const;
  Command undeploy_model(const std::string& endpoint_id, const std::string& deployed_model_id,
                         const std::optional<TrafficSplit>& split) const;

private:
  Command gcloud_ai(std::initializer_list<std::string> words, const std::string& region) const;
  std::string model_region() const;

  const config::Settings& settings_;
};

// "k1=v1,k2=v2" for gcloud's ArgDict/ArgList flags; when a value holds a comma, gcloud's
// alternate-delimiter form "^;^k1=v1;k2=a,b" with a delimiter that appears nowhere.
std::string gcloud_list(const std::vector<std::string>& items);

// The deployed model id magritte gives a version on its endpoint: 10 digits derived from
// "MODEL@VERSION_ID", so that deploying the same version again is refused by the service
// (ALREADY_EXISTS) instead of deploying it twice (deployed model ids are 1-10 digits).
std::string deployed_model_id_for(const std::string& model, const std::string& version_id);

// What keeps a name from being used on Vertex AI ("must start with a lowercase letter on
// Vertex AI"), or nullopt. Model ids (model.name): [a-z_][a-z0-9_-]*, at most 63. Version
// aliases (model.version): [a-z][a-zA-Z0-9-]{0,126}[a-z0-9-], never "default".
std::optional<std::string> vertex_model_id_problem(const std::string& name);
std::optional<std::string> vertex_alias_problem(const std::string& version);

}  // namespace magritte::plan
