// projects.locations.models: upload (an operation), get (M, M@version, M@alias), list,
// listVersions, mergeVersionAliases, deleteVersion, delete.
#include <algorithm>
#include <cstdio>

#include "emulator/ml/api_request.hpp"
#include "emulator/vertex/errors.hpp"
#include "emulator/vertex/vertex_parts.hpp"

namespace magritte::emulator::vertex {

namespace {

void check_upload(const nlohmann::json& body) {
  if (!body.contains("model") || !body["model"].is_object()) throw field_error("model", "Required field is not set.");
  const auto& model = body["model"];
  if (model.value("displayName", "").empty()) throw field_error("model.display_name", "Required field is not set.");
  const std::string artifacts = model.value("artifactUri", "");
  if (artifacts.empty()) {
    throw field_error("model.artifact_uri", "Required field is not set: the magritte emulator serves a model "
                                            "from its artifacts (model.onnx with signature.json).");
  }
  if (!artifacts.starts_with("gs://")) {
    throw field_error("model.artifact_uri", "The artifact URI must be a Cloud Storage directory (gs://bucket/path), "
                                            "not \"" + artifacts + "\".");
  }
  if (model.value("/containerSpec/imageUri"_json_pointer, std::string()).empty()) {
    throw field_error("model.container_spec.image_uri", "Required field is not set.");
  }
  ml::check_labels(model.value("labels", nlohmann::json()), "model");
  for (const auto& alias : model.value("versionAliases", nlohmann::json::array())) {
    check_alias(alias.is_string() ? alias.get<std::string>() : alias.dump(), "model.version_aliases");
  }
}

// The model a new upload goes to; reserves a new model's id until its upload completes.
std::string target_model(VertexService::Parts& parts, const Location& where, const nlohmann::json& body,
                         bool& is_new) {
  const std::string parent = body.value("parentModel", "");
  if (!parent.empty()) {
    const auto ref = parse_model_name(parent, where);
    if (!ref || !ref->version.empty()) throw field_error("parent_model", "\"" + parent + "\" is not a model name.");
    if (ref->where.project != where.project || ref->where.location != where.location) {
      throw field_error("parent_model", "The parent model must be in " + location_path(where) + ".");
    }
    if (!parts.registry.contains(where, ref->model)) throw resource_missing("Model", ref->path());
    is_new = false;
    return ref->model;
  }
  std::string id = body.value("modelId", "");
  if (id.empty()) {
    id = parts.ids.next();
  } else {
    check_model_id(id, "model_id");
    if (parts.registry.contains(where, id) || parts.uploading.count(key_of(where, id)) != 0) {
      throw ml::already_exists("Model `" + model_path(where, id) + "` already exists. Upload new versions of it "
                               "with parentModel.");
    }
  }
  parts.uploading.insert(key_of(where, id));
  is_new = true;
  return id;
}

Response upload_model(VertexService::Parts& parts, Request& request) {
  const Location where = location_of(request);
  const auto body = ml::json_body(request);
  check_upload(body);
  std::unique_lock lock(parts.mutex);
  bool is_new = false;
  const std::string model = target_model(parts, where, body, is_new);
  const std::string operation_id = parts.ids.next();
  const nlohmann::json work = {{"kind", "upload"},   {"project", where.project}, {"location", where.location},
                               {"model", model},     {"new", is_new},           {"body", body["model"]}};
  const auto operation = parts.operations.start(where, model_path(where, model), operation_id,
                                                "UploadModelOperationMetadata", work);
  lock.unlock();
  parts.run_or_hold(HoldKind::upload, {model_path(where, model), body["model"].value("displayName", "")},
                    operation_id, work);
  return Response::json(200, operation);  // as submitted: gcloud polls it
}

Response get_model(VertexService::Parts& parts, Request& request) {
  const ModelRef ref = model_ref(location_of(request), request.param("model"));
  std::lock_guard lock(parts.mutex);
  const auto found = parts.registry.resolve(ref);
  return Response::json(200, parts.model_view(*found.model, *found.version));
}

Response list_models(VertexService::Parts& parts, Request& request) {
  const Location where = location_of(request);
  std::vector<nlohmann::json> models;
  {
    std::lock_guard lock(parts.mutex);
    for (const Model* model : parts.registry.models(where)) {
      models.push_back(parts.model_view(*model, parts.registry.default_version(*model)));
    }
  }
  auto key = [](const nlohmann::json& model) { return model.value("createTime", "") + "~" + model.value("name", ""); };
  std::sort(models.begin(), models.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  return Response::json(200, ml::list_page("models", models, key, request));
}

Response list_versions(VertexService::Parts& parts, Request& request) {
  const ModelRef ref = model_ref(location_of(request), request.param("model"));
  std::vector<nlohmann::json> versions;
  {
    std::lock_guard lock(parts.mutex);
    const Model& model = *parts.registry.resolve({ref.where, ref.model, ""}).model;
    for (const auto& [number, version] : model.versions) versions.push_back(parts.model_view(model, version));
  }
  auto key = [](const nlohmann::json& version) {
    char padded[32];
    std::snprintf(padded, sizeof padded, "%020lld", std::stoll(version.value("versionId", "0")));
    return std::string(padded);
  };
  return Response::json(200, ml::list_page("models", versions, key, request));
}

Response merge_version_aliases(VertexService::Parts& parts, Request& request) {
  const ModelRef ref = model_ref(location_of(request), request.param("model"));
  const auto body = ml::json_body(request);
  std::lock_guard lock(parts.mutex);
  const std::string version = parts.registry.merge_aliases(ref, body.value("versionAliases", nlohmann::json()));
  const auto found = parts.registry.resolve({ref.where, ref.model, version});
  return Response::json(200, parts.model_view(*found.model, *found.version));
}

// Refused while the version (or, for a model, any version) serves on an endpoint.
void refuse_if_deployed(VertexService::Parts& parts, const Model& model, const ModelVersion& version) {
  const auto deployments = parts.endpoints.deployments_of(model.path(), version.id);
  if (deployments.empty()) return;
  std::string where;
  for (const auto& ref : deployments) where += (where.empty() ? "" : ", ") + ref.value("endpoint", "");
  throw ml::failed_precondition("Model version " + version.id + " of `" + model.path() +
                                "` is deployed on Endpoint(s) " + where + "; undeploy it first.");
}

Response delete_version(VertexService::Parts& parts, Request& request) {
  const ModelRef ref = model_ref(location_of(request), request.param("model"));
  if (ref.version.empty()) {
    throw field_error("name", "Name the version to delete: " + ref.path() + "@<version id or alias>.");
  }
  std::lock_guard lock(parts.mutex);
  const auto found = parts.registry.resolve(ref);
  refuse_if_deployed(parts, *found.model, *found.version);
  const auto served = parts.served_directory(ref.where, ref.model, found.version->id);
  parts.registry.delete_version(ref);
  parts.predictor.forget(served);
  return Response::json(200, parts.delete_operation(ref.where));
}

Response delete_model(VertexService::Parts& parts, Request& request) {
  const ModelRef ref = model_ref(location_of(request), request.param("model"));
  std::lock_guard lock(parts.mutex);
  const Model& model = *parts.registry.resolve({ref.where, ref.model, ""}).model;
  std::vector<std::string> versions;
  for (const auto& [number, version] : model.versions) {
    refuse_if_deployed(parts, model, version);
    versions.push_back(version.id);
  }
  parts.registry.delete_model(ref.where, ref.model);
  for (const auto& version : versions) parts.predictor.forget(parts.served_directory(ref.where, ref.model, version));
  return Response::json(200, parts.delete_operation(ref.where));
}

}  // namespace

void add_model_routes(Router& router, VertexService::Parts& parts) {
  auto bind = [&parts](PartsHandler handler) { return bind_handler(parts, handler); };
  for (const auto& prefix : location_prefixes()) {
    router.add("POST", prefix + "/models:upload", bind(upload_model));
    router.add("GET", prefix + "/models", bind(list_models));
    router.add("GET", prefix + "/models/{model}", bind(get_model));
    router.add("DELETE", prefix + "/models/{model}", bind(delete_model));
    router.add("GET", prefix + "/models/{model}:listVersions", bind(list_versions));
    router.add("POST", prefix + "/models/{model}:mergeVersionAliases", bind(merge_version_aliases));
    router.add("DELETE", prefix + "/models/{model}:deleteVersion", bind(delete_version));
  }
}

}  // namespace magritte::emulator::vertex
