// Shared by the Vertex end-to-end tests: the real `gcloud ai ...` against the emulator's
// aiplatform v1 surface, a trainer package staged with gsutil, the tiny ONNX model of the ml
// tests uploaded as model versions, raw REST calls where gcloud has no command.
#pragma once

#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "harness/emulator_test.hpp"

namespace magritte::e2e {

class VertexEndToEnd : public EmulatorTest {
protected:
  static constexpr const char* kBucket = "magritte-test";
  static constexpr const char* kRegion = "europe-west1";
  static constexpr const char* kParent = "projects/magritte-local/locations/europe-west1";

  CommandResult ai(std::vector<std::string> args) {
    args.insert(args.begin(), "ai");
    args.push_back("--region");
    args.push_back(kRegion);
    return gcloud(args);
  }

  nlohmann::json ai_json(std::vector<std::string> args) {
    args.push_back("--format=json");
    const CommandResult result = ai(args);
    EXPECT_TRUE(result.ok()) << result.describe();
    return nlohmann::json::parse(result.out, nullptr, false);
  }

  // tests/e2e/data/ml_trainer as a source distribution (trainer-0.1/trainer/*.py), staged
  // with gsutil as a user's script would; returns its gs:// URI.
  std::string stage_trainer() {
    const auto root = work_dir() / "sdist" / "trainer-0.1";
    std::filesystem::create_directories(root);
    std::filesystem::copy(std::filesystem::path(MAGRITTE_E2E_DATA) / "ml_trainer" / "trainer", root / "trainer",
                          std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
    const CommandResult tar = run({"/usr/bin/tar", "-czf", "trainer-0.1.tar.gz", "-C", "sdist", "trainer-0.1"});
    EXPECT_TRUE(tar.ok()) << tar.describe();
    const std::string uri = std::string("gs://") + kBucket + "/staging/trainer-0.1.tar.gz";
    const CommandResult copy = gsutil({"-q", "cp", "trainer-0.1.tar.gz", uri});
    EXPECT_TRUE(copy.ok()) << copy.describe();
    return uri;
  }

  // `gcloud ai custom-jobs create` with the job's base output directory from --config, as
  // the traces show; returns the job id the service chose.
  std::string create_job(const std::string& display_name, const std::string& package, const std::string& args) {
    write_file("job.yaml", std::string("baseOutputDirectory:\n  outputUriPrefix: gs://") + kBucket + "/models/" +
                               display_name + "\n");
    const auto job = ai_json({"custom-jobs", "create", "--display-name", display_name,
                              "--python-package-uris=" + package,
                              "--worker-pool-spec=machine-type=n1-standard-8,replica-count=1,executor-image-uri="
                              "europe-docker.pkg.dev/vertex-ai/training/tf-cpu.2-17.py310:latest,python-module=trainer.task",
                              "--args=" + args, "--config", "job.yaml"});
    const std::string name = job.value("name", "");
    return name.substr(name.rfind('/') + 1);
  }

  std::string job_state(const std::string& id) {
    const CommandResult describe = ai({"custom-jobs", "describe", id, "--format=value(state)"});
    EXPECT_TRUE(describe.ok()) << describe.describe();
    std::string state = describe.out;
    while (!state.empty() && std::isspace(static_cast<unsigned char>(state.back()))) state.pop_back();
    return state;
  }

  bool wait_for_job(const std::string& id, const std::string& wanted, std::chrono::seconds timeout = std::chrono::seconds(60)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (job_state(id) == wanted) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
  }

  // The channel-mean ONNX model of the ml tests under gs://magritte-test/<prefix>/.
  std::string stage_model(const std::string& prefix) {
    const std::string uri = std::string("gs://") + kBucket + "/" + prefix + "/";
    const CommandResult copy = gsutil({"-q", "cp", std::string(MAGRITTE_ML_E2E_DATA) + "/mean/model.onnx",
                                       std::string(MAGRITTE_ML_E2E_DATA) + "/mean/signature.json", uri});
    EXPECT_TRUE(copy.ok()) << copy.describe();
    return uri;
  }

  // `gcloud ai models upload`: the first version creates model `magritte`, later ones name it
  // as their parent. Returns the version id.
  std::string upload_version(const std::string& alias, bool first) {
    std::vector<std::string> args = {"models", "upload", "--display-name", "magritte", "--artifact-uri",
                                     stage_model("models/" + alias), "--container-image-uri",
                                     "europe-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-17:latest",
                                     "--version-aliases", alias};
    if (first) {
      args.insert(args.end(), {"--model-id", "magritte"});
    } else {
      args.insert(args.end(), {"--parent-model", std::string(kParent) + "/models/magritte"});
    }
    return ai_json(args).value("modelVersionId", "");
  }

  std::string create_endpoint(const std::string& endpoint_id) {
    const auto endpoint = ai_json({"endpoints", "create", "--display-name", "magritte", "--endpoint-id", endpoint_id});
    return endpoint.value("name", "");
  }

  // deploy-model; returns the deployed model id (gcloud's "Id of the deployed model: N.").
  std::string deploy(const std::string& endpoint, const std::string& model, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"endpoints", "deploy-model", endpoint, "--model", model, "--display-name", model,
                                     "--machine-type", "n1-standard-2"};
    args.insert(args.end(), extra.begin(), extra.end());
    const CommandResult result = ai(args);
    EXPECT_TRUE(result.ok()) << result.describe();
    const std::string marker = "Id of the deployed model: ";
    const auto at = result.err.find(marker);
    if (at == std::string::npos) return "";
    const auto start = at + marker.size();
    return result.err.substr(start, result.err.find('.', start) - start);
  }

  // The 5x4 red PNG of the ml tests, base64 (computed once per test).
  const std::string& image_base64() {
    if (image_base64_.empty()) {
      const CommandResult encoded =
          run({"/usr/bin/base64", "-w0", (std::filesystem::path(MAGRITTE_ML_E2E_DATA) / "red_5x4.png").string()});
      EXPECT_TRUE(encoded.ok()) << encoded.describe();
      image_base64_ = encoded.out;
    }
    return image_base64_;
  }

  std::string predict_body() { return nlohmann::json({{"instances", {{{"inputs", image_base64()}}}}}).dump(); }

  // A REST call straight to the emulator (origin form, as client libraries send).
  httplib::Result rest(const std::string& method, const std::string& path, const std::string& body = "") {
    httplib::Client client("127.0.0.1", port());
    client.set_read_timeout(30);
    if (method == "GET") return client.Get(path);
    if (method == "DELETE") return client.Delete(path);
    return client.Post(path, body, "application/json");
  }

private:
  std::string image_base64_;
};

}  // namespace magritte::e2e
