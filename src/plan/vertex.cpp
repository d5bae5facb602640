#include "plan/vertex.hpp"

#include <cstdint>

#include <nlohmann/json.hpp>

#include "plan/gcloud_args.hpp"

namespace magritte::plan {
namespace {

// One WorkerPoolSpec of the API (camelCase, as gcloud's --config file takes it).
nlohmann::json worker_pool_spec(const WorkerPool& pool, const CustomJobRequest& request, const std::string& module,
                                const std::vector<std::string>& args) {
  nlohmann::json machine = {{"machineType", pool.machine_type}};
  if (pool.accelerator) {
    machine["acceleratorType"] = *pool.accelerator;
    machine["acceleratorCount"] = pool.accelerator_count;
  }
  nlohmann::json package = {{"executorImageUri", request.executor_image},
                            {"packageUris", request.package_uris},
                            {"pythonModule", module}};
  if (!args.empty()) package["args"] = args;
  return {{"machineSpec", machine}, {"replicaCount", pool.replica_count}, {"pythonPackageSpec", package}};
}

std::string split_text(const TrafficSplit& split) {
  std::vector<std::string> items;
  for (const auto& [id, percent] : split) items.push_back(id + "=" + std::to_string(percent));
  return join_commas(items);
}

// A gcloud filter value in double quotes (\ and " escaped).
std::string filter_quoted(const std::string& value) {
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

// A regular expression matching `text` literally (gcloud's ~ operator takes Python re syntax).
std::string regex_escaped(const std::string& text) {
  std::string escaped;
  for (const char c : text) {
    if (std::string_view(".^$*+?()[]{}|\\").find(c) != std::string_view::npos) escaped += '\\';
    escaped += c;
  }
  return escaped;
}

}  // namespace

std::string gcloud_list(const std::vector<std::string>& items) {
  bool has_comma = false;
  for (const auto& item : items) has_comma = has_comma || item.find(',') != std::string::npos;
  if (!has_comma) return join_commas(items);
  for (const char* delimiter : {";", "|", "#", "@", "%", "~", "!"}) {
    bool free = true;
    for (const auto& item : items) free = free && item.find(delimiter) == std::string::npos;
    if (!free) continue;
    std::string joined = std::string("^") + delimiter + "^";
    for (std::size_t i = 0; i < items.size(); ++i) joined += (i == 0 ? "" : delimiter) + items[i];
    return joined;
  }
  // Every candidate delimiter occurs: a control character no real argument contains.
  std::string joined = "^\x1f^";
  for (std::size_t i = 0; i < items.size(); ++i) joined += (i == 0 ? "" : "\x1f") + items[i];
  return joined;
}

std::string deployed_model_id_for(const std::string& model, const std::string& version_id) {
  // FNV-1a: stable across builds and platforms (std::hash is neither).
  std::uint64_t hash = 14695981039346656037ULL;
  for (const unsigned char c : model + "@" + version_id) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return std::to_string(1000000000ULL + hash % 9000000000ULL);  // 10 digits, no leading zero
}

Command VertexCommands::gcloud_ai(std::initializer_list<std::string> words, const std::string& region) const {
  Command command;
  command.program = "gcloud";
  command.args.push_back("ai");
  command.args.insert(command.args.end(), words);
  command.args.insert(command.args.end(), {"--region", region});
  return command;
}

std::string VertexCommands::model_region() const { return settings_.str("project.region"); }

Command VertexCommands::create_custom_job(const CustomJobRequest& request) const {
  auto command = gcloud_ai({"custom-jobs", "create"}, settings_.str("train.region"));
  command.args.insert(command.args.end(), {"--display-name", request.display_name});
  command.args.push_back("--config=" + request.spec_file);  // holds custom_job_spec(request)
  add_flag(command, "--service-account", settings_.opt_str("train.service_account"));
  if (const auto labels = settings_.map("train.labels"); !labels.empty()) {
    command.args.insert(command.args.end(), {"--labels", join_labels(labels)});
  }
  add_project(command, settings_);
  command.args.push_back("--format=json");
  return command;
}

std::string VertexCommands::custom_job_spec(const CustomJobRequest& request) const {
  auto args = settings_.list("train.args");
  args.insert(args.end(), request.extra_args.begin(), request.extra_args.end());
  const auto module = settings_.str("train.module_name");
  nlohmann::json pools = nlohmann::json::array();
  for (const auto& pool : request.pools.pools) pools.push_back(worker_pool_spec(pool, request, module, args));
  const nlohmann::json spec = {{"workerPoolSpecs", pools},
                               {"baseOutputDirectory", {{"outputUriPrefix", settings_.str("train.job_dir")}}}};
  return spec.dump(2) + "\n";
}

Command VertexCommands::describe_custom_job(const std::string& id) const {
  auto command = gcloud_ai({"custom-jobs", "describe", id}, settings_.str("train.region"));
  add_project(command, settings_);
  command.args.push_back("--format=json");
  return command;
}

Command VertexCommands::list_custom_jobs(const std::string& name, bool prefix) const {
  auto command = gcloud_ai({"custom-jobs", "list"}, settings_.str("train.region"));
  // gcloud filters on the client; magritte checks the names again, exactly.
  command.args.push_back(prefix ? "--filter=displayName~^" + regex_escaped(name)
                                : "--filter=displayName=" + filter_quoted(name));
  add_project(command, settings_);
  command.args.push_back("--format=json");
  return command;
}

Command VertexCommands::cancel_custom_job(const std::string& id) const {
  auto command = gcloud_ai({"custom-jobs", "cancel", id}, settings_.str("train.region"));
  add_project(command, settings_);
  return command;
}

Command VertexCommands::list_model_versions() const {
  auto command = gcloud_ai({"models", "list-version", settings_.str("model.name")}, model_region());
  add_project(command, settings_);
  command.args.push_back("--format=json");
  return command;
}

Command VertexCommands::upload_model(const std::string& version, const std::optional<std::string>& parent,
                                     const std::string& container_image) const {
  const auto model = settings_.str("model.name");
  auto command = gcloud_ai({"models", "upload"}, model_region());
  command.args.insert(command.args.end(), {"--display-name", model});
  if (parent) {
    command.args.insert(command.args.end(), {"--parent-model", *parent});
  } else {
    command.args.insert(command.args.end(), {"--model-id", model});
  }
  command.args.insert(command.args.end(), {"--artifact-uri", settings_.str("deploy.origin"),
                                           "--container-image-uri", container_image, "--version-aliases", version});
  add_flag(command, "--description", settings_.opt_str("deploy.description"));
  if (const auto labels = settings_.map("deploy.labels"); !labels.empty()) {
    command.args.insert(command.args.end(), {"--labels", join_labels(labels)});
  }
  add_project(command, settings_);
  command.args.push_back("--format=json");
  return command;
}

Command VertexCommands::delete_model_version(const std::string& version_id) const {
  auto command =
      gcloud_ai({"models", "delete-version", settings_.str("model.name") + "@" + version_id}, model_region());
  add_project(command, settings_);
  command.args.push_back("--quiet");
  return command;
}

Command VertexCommands::list_models(int limit) const {
  auto command = gcloud_ai({"models", "list"}, model_region());
  command.args.insert(command.args.end(), {"--limit", std::to_string(limit)});
  add_project(command, settings_);
  command.args.push_back("--format=json");
  return command;
}

Command VertexCommands::list_endpoints() const {
  auto command = gcloud_ai({"endpoints", "list"}, model_region());
  command.args.push_back("--filter=displayName=" + filter_quoted(settings_.str("deploy.endpoint")));
  add_project(command, settings_);
  command.args.push_back("--format=json");
  return command;
}

Command VertexCommands::create_endpoint() const {
  auto command = gcloud_ai({"endpoints", "create"}, model_region());
  command.args.insert(command.args.end(), {"--display-name", settings_.str("deploy.endpoint")});
  add_project(command, settings_);
  command.args.push_back("--format=json");
  return command;
}

Command VertexCommands::describe_endpoint(const std::string& endpoint_id) const {
  auto command = gcloud_ai({"endpoints", "describe", endpoint_id}, model_region());
  add_project(command, settings_);
  command.args.push_back("--format=json");
  return command;
}

Command VertexCommands::deploy_model(const std::string& endpoint_id, const std::string& version_id,
                                     const std::string& version, const std::string& deployed_model_id,
                                     const TrafficSplit& split) const {
  auto command = gcloud_ai({"endpoints", "deploy-model", endpoint_id}, model_region());
  command.args.insert(command.args.end(), {"--model", settings_.str("model.name") + "@" + version_id,
                                           "--display-name", version, "--deployed-model-id", deployed_model_id,
                                           "--machine-type", settings_.opt_str("deploy.machine_type").value_or("n1-standard-2")});
  const auto min_replicas = settings_.integer("deploy.min_replicas");
  const auto max_replicas = settings_.opt_integer("deploy.max_replicas").value_or(min_replicas);
  command.args.insert(command.args.end(), {"--min-replica-count", std::to_string(min_replicas),
                                           "--max-replica-count", std::to_string(max_replicas)});
  if (const auto type = settings_.opt_str("deploy.accelerator_type")) {
    const auto count = settings_.opt_integer("deploy.accelerator_count").value_or(1);
    command.args.push_back("--accelerator=type=" + *type + ",count=" + std::to_string(count));
  }
  if (!split.empty()) command.args.push_back("--traffic-split=" + split_text(split));
  add_project(command, settings_);
  return command;
}

Command VertexCommands::update_endpoint(const std::string& endpoint_id, const std::optional<TrafficSplit>& split,
                                        const std::map<std::string, std::string>& update_labels,
                                        const std::vector<std::string>& remove_labels) const {
  auto command = gcloud_ai({"endpoints", "update", endpoint_id}, model_region());
  if (split) command.args.push_back("--traffic-split=" + split_text(*split));
  if (!update_labels.empty()) command.args.push_back("--update-labels=" + join_labels(update_labels));
  if (!remove_labels.empty()) command.args.push_back("--remove-labels=" + join_commas(remove_labels));
  add_project(command, settings_);
  command.args.push_back("--format=json");
  return command;
}

Command VertexCommands::undeploy_model(const std::string& endpoint_id, const std::string& deployed_model_id,
                                       const std::optional<TrafficSplit>& split) const {
  auto command = gcloud_ai({"endpoints", "undeploy-model", endpoint_id}, model_region());
  command.args.insert(command.args.end(), {"--deployed-model-id", deployed_model_id});
  if (split) command.args.push_back("--traffic-split=" + split_text(*split));
  add_project(command, settings_);
  return command;
}

namespace {

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

// Model ids: [a-z0-9_-], not starting with a digit or '-', at most 63 (ModelService.UploadModel).
std::optional<std::string> vertex_model_id_problem(const std::string& name) {
  if (name.size() > 63) return "is " + std::to_string(name.size()) + " characters long; Vertex AI model ids have at most 63";
  if (!is_lower(name.front()) && name.front() != '_') return "must start with a lowercase letter on Vertex AI";
  for (const char c : name) {
    if (!is_lower(c) && !is_digit(c) && c != '_' && c != '-') {
      return std::string("contains '") + c + "'; Vertex AI model ids take lowercase letters, digits, '_' and '-'";
    }
  }
  return std::nullopt;
}

// Version aliases: [a-z][a-zA-Z0-9-]{0,126}[a-z0-9-] (MergeVersionAliasesRequest); "default"
// is the registry's own.
std::optional<std::string> vertex_alias_problem(const std::string& version) {
  if (version == "default") return "is the alias Vertex AI gives the default version";
  if (version.size() < 2 || version.size() > 128) return "must be 2 to 128 characters long to be a Vertex AI alias";
  if (!is_lower(version.front())) return "must start with a lowercase letter to be a Vertex AI alias";
  for (const char c : version) {
    if (!is_lower(c) && !is_digit(c) && c != '-' && !is_upper(c)) {
      return std::string("contains '") + c + "'; a Vertex AI alias takes letters, digits and '-' (no '_')";
    }
  }
  if (is_upper(version.back())) return "must not end with a capital letter to be a Vertex AI alias";
  return std::nullopt;
}

}  // namespace magritte::plan
