// VertexBackend::prediction_url: predictions go to the model's endpoint, found by its
// display name through the same REST transport as the predictions themselves (a gcloud
// process would cost a second before the first request), on gcloud's prediction host.
#include "cli/backends/vertex_backend.hpp"

#include <algorithm>

#include "magritte/error.hpp"
#include "predict/endpoint.hpp"
#include "predict/transport.hpp"

namespace magritte::cli {
namespace {

nlohmann::json get_resource(predict::Transport& transport, const std::string& url, const std::string& what) {
  const auto response = transport.get_json(url);
  if (response.status != 200) {
    std::string detail = response.status == 0 ? response.error : "HTTP " + std::to_string(response.status);
    const auto body = nlohmann::json::parse(response.body, nullptr, false);
    if (body.is_object() && body.contains("/error/message"_json_pointer)) {
      detail += ": " + body["error"]["message"].get<std::string>();
    }
    throw cloud_error("could not read " + what + " (" + url + "): " + detail);
  }
  auto parsed = nlohmann::json::parse(response.body, nullptr, false);
  if (parsed.is_discarded()) throw cloud_error("could not read " + what + ": the answer is not JSON");
  return parsed;
}

std::string serving_summary(const release::Endpoint& endpoint) {
  std::string summary;
  for (const auto& model : endpoint.deployed) {
    const auto share = endpoint.traffic.find(model.id);
    summary += (summary.empty() ? "" : ", ") + model.display_name + " " +
               std::to_string(share == endpoint.traffic.end() ? 0 : share->second) + " %";
  }
  return summary.empty() ? "nothing is deployed" : summary;
}

}  // namespace

std::string VertexBackend::prediction_url(const predict::Connection& connection,
                                          const std::optional<std::string>& version) const {
  const auto& settings = context_.settings();
  const auto region = settings.str("project.region");
  const auto wanted = settings.str("deploy.endpoint");
  const auto api = predict::regional_aiplatform_endpoint(connection.aiplatform_endpoint_override, region, false);
  const auto base = api + "v1/projects/" + predict::encode_segment(connection.project) + "/locations/" +
                    predict::encode_segment(region) + "/endpoints";
  const auto transport = predict::make_curl_transport(connection);

  std::optional<release::Endpoint> endpoint;
  if (std::all_of(wanted.begin(), wanted.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    endpoint = release::parse_endpoint(get_resource(*transport, base + "/" + wanted, "endpoint " + wanted));
  } else {
    // The service filters by display name; the names are checked again here, exactly.
    const auto list = get_resource(*transport, base + "?pageSize=100&filter=display_name%3D%22" +
                                                   predict::encode_segment(wanted) + "%22",
                                   "the endpoints of region " + region);
    const auto named = release::endpoints_named(list.value("endpoints", nlohmann::json::array()), wanted);
    if (named.empty()) {
      throw refused_error("no endpoint is named " + wanted + " in region " + region + " (deploy.endpoint): nothing serves "
                          "model " + settings.str("model.name") + " yet",
                          "deploy a version first: magritte deploy --wait");
    }
    if (named.size() > 1) {
      throw refused_error(std::to_string(named.size()) + " endpoints are named " + wanted,
                          "set deploy.endpoint to the id of the one to use");
    }
    endpoint = named.front();
  }
  if (version) {
    const release::DeployedModel* deployed = nullptr;
    for (const auto& model : endpoint->deployed) {
      if (model.display_name == *version) deployed = &model;
    }
    const auto share = deployed ? endpoint->traffic.find(deployed->id) : endpoint->traffic.end();
    if (deployed == nullptr || share == endpoint->traffic.end() || share->second != 100) {
      throw refused_error("version " + *version + " is not the one serving endpoint " + endpoint->display_name + " (" +
                              serving_summary(*endpoint) + "): on Vertex AI predictions go where the traffic goes",
                          "predict without --version, or give " + *version + " the traffic: magritte promote " + *version);
    }
  }
  const auto prediction_host = predict::regional_aiplatform_endpoint(connection.aiplatform_endpoint_override, region, true);
  return predict::endpoint_predict_url(prediction_host, connection.project, region, endpoint->id);
}

predict::ProbeRequest VertexBackend::smoke_target(const predict::Connection& connection, const ServingState& state,
                                                 const std::string& version) const {
  const auto region = context_.settings().str("project.region");
  for (const auto& found : state.versions) {
    if (found.name != version || !found.deployed_model_id) continue;
    if (found.traffic <= 0) break;
    const auto host = predict::regional_aiplatform_endpoint(connection.aiplatform_endpoint_override, region, true);
    return {predict::endpoint_predict_url(host, connection.project, region, state.endpoint_id), *found.deployed_model_id,
            predict::attempts_for_share(found.traffic)};
  }
  throw refused_error("version " + version + " carries no traffic on endpoint " + context_.settings().str("deploy.endpoint") +
                          ": on Vertex AI a version answers only through its share of the endpoint",
                      "give it a canary share first: magritte promote " + version + " --canary 10");
}

}  // namespace magritte::cli
