// Shared by the release-loop end-to-end tests: the built magritte and the REAL gcloud against
// a per-test emulator, a magritte.toml in the work dir (tiny trainer, tiny ONNX model, poll
// interval 1 s), gcloud as the independent observer, and direct REST calls (as a client
// library would make them) only to set the scene quickly.
#pragma once

#include <fstream>
#include <string>
#include <vector>

#include <httplib.h>

#include "ml_e2e_support.hpp"

namespace magritte::e2e {

class ReleaseEndToEnd : public MlEndToEnd {
protected:
  static constexpr const char* kProject = "magritte-local";
  static constexpr const char* kModelOrigin = "gs://magritte-test/models/mean";

  void SetUp() override {
    MlEndToEnd::SetUp();
    if (HasFatalFailure()) return;
    copy_trainer();
    write_file("magritte.toml", config_text());
    write_file("rgb.txt", "red\ngreen\nblue\n");
    std::filesystem::copy_file(std::filesystem::path(MAGRITTE_ML_E2E_DATA) / "red_5x4.png", work_dir() / "red.png");
  }

  virtual std::string config_text() const {
    return R"([project]
id = "magritte-local"
region = "europe-west1"
[storage]
bucket = "magritte-test"
[model]
name = "magritte"
version = "v1"
[train]
module_name = "trainer.task"
package_path = "ml_trainer/trainer/"
runtime_version = "1.15"
scale_tier = "basic"
[predict]
labels = "rgb.txt"
image_size = "5x4"
[promote]
smoke_images = ["red.png"]
smoke_labels = ["red"]
[wait]
poll_interval = 1
[gcloud]
backend = "ai-platform"
)";
  }

  // A plain HTTP request to the emulator, as a client library would send it.
  httplib::Result rest(const std::string& method, const std::string& path, const std::string& body = "",
                       const std::string& content_type = "application/json") {
    httplib::Client client("127.0.0.1", port());
    client.set_read_timeout(30);
    if (method == "POST") return client.Post(path.c_str(), body, content_type.c_str());
    return client.Get(path.c_str());
  }

  // gs://magritte-test/models/mean/{model.onnx, signature.json}: the channel-mean model.
  void upload_mean_model() {
    for (const char* file : {"model.onnx", "signature.json"}) {
      std::ifstream in(std::filesystem::path(MAGRITTE_ML_E2E_DATA) / "mean" / file, std::ios::binary);
      const std::string bytes(std::istreambuf_iterator<char>(in), {});
      const auto result = rest("POST", std::string("/upload/storage/v1/b/magritte-test/o?uploadType=media&name=models%2Fmean%2F") + file,
                               bytes, "application/octet-stream");
      ASSERT_TRUE(result && result->status == 200) << file;
    }
  }

  // The model (created the seed's way, global) and READY versions of the mean model; the
  // first one becomes the default, as on the real service.
  void create_versions(const std::vector<std::string>& versions, const std::string& origin = kModelOrigin) {
    upload_mean_model();
    const auto model = rest("POST", std::string("/v1/projects/") + kProject + "/models?alt=json",
                            R"({"name": "magritte", "regions": ["europe-west1"]})");
    ASSERT_TRUE(model && (model->status == 200 || model->status == 409));
    for (const auto& version : versions) {
      const auto created = rest("POST", std::string("/v1/projects/") + kProject + "/models/magritte/versions?alt=json",
                                R"({"name": ")" + version + R"(", "deploymentUri": ")" + origin +
                                    R"(", "runtimeVersion": "1.15"})");
      // Versions made within one second share a createTime (one-second precision); magritte
      // then orders them by name (v1 < v2 < v10), which is their creation order here.
      ASSERT_TRUE(created && created->status == 200) << version;
    }
  }

  // What the real gcloud says the default version is ("" when none).
  std::string default_version() {
    const CommandResult described = gcloud({"ai-platform", "models", "describe", "magritte", "--region", "global",
                                            "--format=value(defaultVersion.name)"});
    EXPECT_TRUE(described.ok()) << described.describe();
    std::string name = described.out;
    while (!name.empty() && (name.back() == '\n' || name.back() == ' ')) name.pop_back();
    return name.substr(name.rfind('/') + 1);
  }

  nlohmann::json describe_model_json() {
    const CommandResult described = gcloud({"ai-platform", "models", "describe", "magritte", "--region", "global",
                                            "--format=json"});
    EXPECT_TRUE(described.ok()) << described.describe();
    return nlohmann::json::parse(described.out, nullptr, false);
  }

  std::vector<std::string> version_names() {
    const CommandResult listed = gcloud({"ai-platform", "versions", "list", "--model", "magritte", "--region",
                                         "global", "--format=value(name)", "--sort-by=name"});
    EXPECT_TRUE(listed.ok()) << listed.describe();
    std::vector<std::string> names;
    std::istringstream lines(listed.out);
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty()) names.push_back(line.substr(line.rfind('/') + 1));
    }
    return names;
  }

  // The job's state as gcloud sees it.
  std::string gcloud_job_state(const std::string& job_id) { return job_state(job_id); }
};

}  // namespace magritte::e2e
