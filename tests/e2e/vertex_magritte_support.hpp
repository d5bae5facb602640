// Shared by the end-to-end tests of magritte itself on the Vertex AI backend: the built
// magritte drives the REAL `gcloud ai ...` against the emulator, with a magritte.toml in the
// work dir (the tiny trainer of the ml tests, the channel-mean ONNX model staged as each
// version's origin, poll interval 1 s). gcloud is the independent observer of what magritte
// did (endpoints describe, models list-version); predictions are sent straight to the
// emulator's REST surface, as a client application would send them.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "vertex_e2e_support.hpp"

namespace magritte::e2e {

class VertexMagritte : public VertexEndToEnd {
protected:
  void SetUp() override {
    VertexEndToEnd::SetUp();
    if (HasFatalFailure()) return;
    std::filesystem::copy(std::filesystem::path(MAGRITTE_E2E_DATA) / "ml_trainer", work_dir() / "ml_trainer",
                          std::filesystem::copy_options::recursive);
    write_file("magritte.toml", config_text());
    write_file("rgb.txt", "red\ngreen\nblue\n");
    std::filesystem::copy_file(std::filesystem::path(MAGRITTE_ML_E2E_DATA) / "red_5x4.png", work_dir() / "red.png");
  }

  static std::string config_text() {
    return R"([project]
id = "magritte-local"
region = "europe-west1"
[storage]
bucket = "magritte-test"
engine = "gcloud-storage"
[model]
name = "magritte"
version = "v1"
[train]
module_name = "trainer.task"
package_path = "ml_trainer/trainer/"
executor_image = "europe-docker.pkg.dev/vertex-ai/training/tf-cpu.2-17.py310:latest"
scale_tier = "basic"
[deploy]
origin = "gs://magritte-test/models/${model.version}"
container_image = "europe-docker.pkg.dev/magritte-local/magritte/onnx-serving:1"
machine_type = "n1-standard-2"
[predict]
labels = "rgb.txt"
image_size = "5x4"
[promote]
smoke_images = ["red.png"]
smoke_labels = ["red"]
[wait]
poll_interval = 1
[gcloud]
backend = "vertex"
)";
  }

  // `magritte deploy --wait --version V` from the mean model staged at V's origin.
  void deploy_version(const std::string& version) {
    stage_model("models/" + version);
    const CommandResult deployed = magritte({"deploy", "--wait", "--version", version});
    ASSERT_TRUE(deployed.ok()) << deployed.describe();
  }

  // `magritte versions --format json`, parsed.
  nlohmann::json versions_json() {
    const CommandResult listed = magritte({"versions", "--format", "json"});
    EXPECT_TRUE(listed.ok()) << listed.describe();
    return nlohmann::json::parse(listed.out, nullptr, false);
  }

  // The deployed model id magritte gave each version, from `magritte versions`.
  std::map<std::string, std::string> deployed_ids() {
    std::map<std::string, std::string> ids;
    const auto versions = versions_json().value("versions", nlohmann::json::array());  // outlives the loop
    for (const auto& version : versions) {
      if (version.value("deployed", false)) ids[version.value("name", "")] = version.value("deployed_model_id", "");
    }
    return ids;
  }

  // The model's endpoint as the real gcloud describes it.
  nlohmann::json endpoint_json() {
    const auto listed = ai_json({"endpoints", "list", "--filter=displayName=magritte"});
    EXPECT_EQ(listed.size(), 1U) << listed.dump();
    if (listed.size() != 1) return nlohmann::json::object();
    const std::string name = listed[0].value("name", "");
    return ai_json({"endpoints", "describe", name.substr(name.rfind('/') + 1)});
  }

  // The endpoint's traffic split by version name (versions without traffic left out).
  std::map<std::string, int> split_by_version() {
    std::map<std::string, std::string> version_of;
    for (const auto& [version, id] : deployed_ids()) version_of[id] = version;
    std::map<std::string, int> split;
    const auto traffic = endpoint_json().value("trafficSplit", nlohmann::json::object());  // outlives the loop
    for (const auto& [id, percent] : traffic.items()) {
      if (percent.get<int>() > 0) split[version_of.count(id) ? version_of[id] : "?" + id] = percent.get<int>();
    }
    return split;
  }

  // One prediction of red.png through the endpoint, as a client would send it; the
  // deployedModelId that answered, or "" (the failure is recorded in `failure`).
  std::string predict_once(const std::string& endpoint_id, std::string* failure = nullptr) {
    const auto reply = rest("POST", std::string("/v1/") + kParent + "/endpoints/" + endpoint_id + ":predict",
                            predict_body());
    if (!reply || reply->status != 200) {
      if (failure) *failure = reply ? std::to_string(reply->status) + " " + reply->body : "no answer";
      return "";
    }
    return nlohmann::json::parse(reply->body, nullptr, false).value("deployedModelId", "");
  }

  // How many of `requests` predictions each version answered.
  std::map<std::string, int> answers_by_version(int requests) {
    std::map<std::string, std::string> version_of;
    for (const auto& [version, id] : deployed_ids()) version_of[id] = version;
    const std::string endpoint = versions_json().value("endpoint_id", "");
    std::map<std::string, int> counts;
    for (int i = 0; i < requests; ++i) {
      std::string failure;
      const std::string id = predict_once(endpoint, &failure);
      ++counts[id.empty() ? "failed: " + failure : (version_of.count(id) ? version_of[id] : "?" + id)];
    }
    return counts;
  }
};

}  // namespace magritte::e2e
