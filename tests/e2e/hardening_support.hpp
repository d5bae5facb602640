// Shared by the hardening end-to-end tests (issue 5): a project laid out as a user's, whose
// magritte.toml points every subcommand at the emulator's bucket, the tests' tiny trainer
// and the channel-mean ONNX model, so that sync, train, deploy, promote and predict can
// each be run for real (real gcloud/gsutil underneath) and then broken on purpose.
#pragma once

#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "ml_e2e_support.hpp"

namespace magritte::e2e {

class HardeningTest : public MlEndToEnd {
protected:
  void SetUp() override {
    MlEndToEnd::SetUp();
    write_file("magritte.toml", config_text());
    copy_trainer();  // ml_trainer/trainer: prints epochs, writes result.txt, --sleep S
    write_file("rgb.txt", "red\ngreen\nblue\n");
    write_file("data/apple/1.jpg", "one");
    write_file("data/apple/2.jpg", "two");
    write_file("data/kiwi/1.jpg", "three");
  }

  // project.id is the emulator env's core/project; deploy.origin is where upload_model()
  // puts the channel-mean model.
  static std::string config_text() {
    return "[project]\nid = \"magritte-local\"\nregion = \"europe-west1\"\n"
           "[storage]\nbucket = \"magritte-test\"\ndata_path = \"data/\"\nlocal_data = \"data\"\n"
           "engine = \"gsutil\"\n"  // the faults tests drive gsutil's own retries
           "[model]\nname = \"magritte\"\nversion = \"v1\"\n"
           "[train]\nmodule_name = \"trainer.task\"\npackage_path = \"ml_trainer/trainer\"\n"
           "runtime_version = \"1.15\"\nscale_tier = \"basic\"\nargs = [\"--epochs\", \"1\"]\n"
           "[deploy]\norigin = \"gs://magritte-test/models/mean\"\n"
           "[predict]\nimage_size = \"5x4\"\nlabels = \"rgb.txt\"\n"
           "[gcloud]\nbackend = \"ai-platform\"\ncommand_group = \"ai-platform\"\n";
  }

  std::string read_binary(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // The red 5x4 PNG of the ml tests, as red.png in the work dir.
  void write_red_png(const std::string& name = "red.png") {
    write_file(name, read_binary(std::filesystem::path(MAGRITTE_ML_E2E_DATA) / "red_5x4.png"));
  }

  // Model "magritte" with version v1 READY (and default), made with the real gcloud.
  void deploy_mean_model(const std::string& version = "v1") {
    upload_model("models/mean");
    if (version == "v1") {
      ASSERT_TRUE(gcloud({"ai-platform", "models", "create", "magritte", "--region", kRegion}).ok());
    }
    const CommandResult created = gcloud({"ai-platform", "versions", "create", version, "--model", "magritte",
                                          "--origin", "gs://magritte-test/models/mean", "--region", kRegion});
    ASSERT_TRUE(created.ok()) << created.describe();
  }

  // The default version of model "magritte" as the real gcloud sees it.
  std::string default_version() {
    const CommandResult model = gcloud({"ai-platform", "models", "describe", "magritte", "--region", kRegion,
                                        "--format=value(defaultVersion.name)"});
    EXPECT_TRUE(model.ok()) << model.describe();
    std::string name = model.out.substr(0, model.out.find('\n'));
    return name.substr(name.rfind('/') + 1);
  }
};

}  // namespace magritte::e2e
