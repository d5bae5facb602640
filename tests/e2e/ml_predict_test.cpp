// Online prediction through the real `gcloud ai-platform predict`: an ONNX version really
// serving, the default version, and the service's refusals.
#include <fstream>

#include "ml_e2e_support.hpp"

namespace magritte::e2e {
namespace {

std::string base64(const std::string& bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += alphabet[(n >> shift) & 63];
  }
  if (i < bytes.size()) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string urlsafe(std::string text) {
  for (char& c : text) c = c == '+' ? '-' : (c == '/' ? '_' : c);
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

std::string test_image(const std::string& name) {
  std::ifstream in(std::filesystem::path(MAGRITTE_ML_E2E_DATA) / name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class MlPredict : public MlEndToEnd {
protected:
  void SetUp() override {
    MlEndToEnd::SetUp();
    ASSERT_TRUE(gcloud({"ai-platform", "models", "create", "magritte", "--region", kRegion}).ok());
    const std::string origin = upload_model("models/mean");
    ASSERT_TRUE(gcloud({"ai-platform", "versions", "create", "v1", "--model", "magritte", "--origin",
                        origin, "--region", kRegion}).ok());
  }

  CommandResult predict(const std::string& instances, std::vector<std::string> extra = {}) {
    write_file("instances.json", instances);
    std::vector<std::string> argv = {"ai-platform", "predict", "--model", "magritte", "--region",
                                     kRegion, "--json-instances", "instances.json"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return gcloud(argv);
  }
};

TEST_F(MlPredict, DefaultAndNamedVersionServeTheOnnxModel) {
  const std::string png = test_image("red_5x4.png");
  const std::string instances = "{\"inputs\": \"" + urlsafe(base64(png)) + "\"}\n" +
                                "{\"inputs\": {\"b64\": \"" + base64(png) + "\"}}\n";
  const CommandResult by_default = predict(instances);
  ASSERT_TRUE(by_default.ok()) << by_default.describe();
  EXPECT_EQ(by_default.out, "OUTPUTS\n[1.0, 0.0, 0.0]\n[1.0, 0.0, 0.0]\n");
  const CommandResult by_version = predict(instances, {"--version", "v1", "--format", "json"});
  ASSERT_TRUE(by_version.ok()) << by_version.describe();
  EXPECT_EQ(nlohmann::json::parse(by_version.out)["predictions"][0]["outputs"],
            nlohmann::json({1.0, 0.0, 0.0}));
  // The request log notes how many instances each prediction carried.
  EXPECT_TRUE(contains(emulator_log(), ":predict 200")) << emulator_log();
  EXPECT_TRUE(contains(emulator_log(), "version=v1 instances=2")) << emulator_log();
}

TEST_F(MlPredict, RefusalsReachTheUser) {
  const CommandResult wrong_size = predict("{\"inputs\": \"" + urlsafe(base64(test_image("red_6x4.png"))) + "\"}\n");
  EXPECT_EQ(wrong_size.exit_code, 1);
  EXPECT_TRUE(contains(wrong_size.err, "HTTP request failed. Response: ")) << wrong_size.err;
  EXPECT_TRUE(contains(wrong_size.err, "the image is 6x4 (width x height) but the model's input is 5x4"))
      << wrong_size.err;

  const std::string big(1'600'000, 'A');
  const CommandResult too_big = predict("{\"inputs\": \"" + big + "\"}\n");
  EXPECT_EQ(too_big.exit_code, 1);
  EXPECT_TRUE(contains(too_big.err, "Request payload size exceeds the limit: 1572864 bytes.")) << too_big.err;

  // A SavedModel deploys (the emulator lists it) but cannot serve.
  write_file("tf/saved_model.pb", "not really a graph");
  ASSERT_TRUE(gsutil({"-q", "cp", "tf/saved_model.pb", "gs://magritte-test/models/tf/"}).ok());
  ASSERT_TRUE(gcloud({"ai-platform", "versions", "create", "tf", "--model", "magritte", "--origin",
                      "gs://magritte-test/models/tf", "--region", kRegion}).ok());
  const CommandResult saved_model = predict("{\"inputs\": \"x\"}\n", {"--version", "tf"});
  EXPECT_EQ(saved_model.exit_code, 1);
  EXPECT_TRUE(contains(saved_model.err, "FAILED_PRECONDITION")) << saved_model.err;
  EXPECT_TRUE(contains(saved_model.err, "cannot execute")) << saved_model.err;
}

}  // namespace
}  // namespace magritte::e2e
