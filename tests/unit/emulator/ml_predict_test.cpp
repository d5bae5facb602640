// projects.predict: real ONNX serving through the vision module, and every refusal.
#include <atomic>
#include <cstdlib>
#include <thread>

#include "magritte/base64.hpp"
#include "emulator/ml/image_size.hpp"
#include "emulator/state.hpp"
#include "unit/emulator/ml_test_support.hpp"

namespace magritte::emulator::ml::testing {
namespace {

const std::filesystem::path kData = MAGRITTE_ML_TEST_DATA;

std::string file(const std::string& name) { return *read_file(kData / name); }

std::string urlsafe(std::string text) {
  for (char& c : text) c = c == '+' ? '-' : (c == '/' ? '_' : c);
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

class MlPredictTest : public MlFixture {
protected:
  void SetUp() override {
    ::setenv("MAGRITTE_VISION_MODULE", MAGRITTE_VISION_MODULE_PATH, 1);
    MlFixture::SetUp();
    objects().write(kBucket, "models/mean/model.onnx", file("mean/model.onnx"), "application/octet-stream");
    objects().write(kBucket, "models/mean/signature.json", file("mean/signature.json"), "application/json");
    ASSERT_EQ(call("POST", project_path() + "/models", {{"name", "magritte"}}).status, 200);
    ASSERT_EQ(deploy("v1", "gs://bucket/models/mean"), "READY");
  }

  std::string deploy(const std::string& version, const std::string& origin) {
    call("POST", project_path() + "/models/magritte/versions",
         {{"name", version}, {"deploymentUri", origin}});
    return call("GET", project_path() + "/models/magritte/versions/" + version).body.value("state", "");
  }

  Reply predict(const json& instances, const std::string& version = "") {
    const std::string path = project_path() + "/models/magritte" +
                             (version.empty() ? "" : "/versions/" + version) + ":predict";
    return call("POST", path, {{"instances", instances}});
  }

  static void expect_scores(const json& scores, std::vector<double> expected, double tolerance) {
    ASSERT_EQ(scores.size(), expected.size()) << scores.dump();
    for (std::size_t i = 0; i < expected.size(); ++i) {
      EXPECT_NEAR(scores[i].get<double>(), expected[i], tolerance) << scores.dump();
    }
  }
};

TEST_F(MlPredictTest, ServesEveryInstanceFormInOrder) {
  json tensor = json::array();
  for (int y = 0; y < 4; ++y) {
    json row = json::array();
    for (int x = 0; x < 5; ++x) row.push_back({0.5, 0.25, 0.0});
    tensor.push_back(row);
  }
  const Reply reply = predict({{{"inputs", urlsafe(base64_encode(file("red_5x4.png")))}},
                               {{"inputs", {{"b64", base64_encode(file("red_5x4.jpg"))}}}},
                               {{"inputs", tensor}}});
  ASSERT_EQ(reply.status, 200) << reply.raw;
  const json& predictions = reply.body["predictions"];
  ASSERT_EQ(predictions.size(), 3u);
  expect_scores(predictions[0]["outputs"], {1.0, 0.0, 0.0}, 1e-6);  // unit scaling of red
  expect_scores(predictions[1]["outputs"], {1.0, 0.0, 0.0}, 0.02);  // JPEG is lossy
  expect_scores(predictions[2]["outputs"], {0.5, 0.25, 0.0}, 1e-6);
  EXPECT_EQ(reply.log_note, "version=v1 instances=3");

  // The same through the version's own endpoint.
  const Reply by_version = predict({{{"inputs", {{"b64", base64_encode(file("red_5x4.png"))}}}}}, "v1");
  ASSERT_EQ(by_version.status, 200) << by_version.raw;
  expect_scores(by_version.body["predictions"][0]["outputs"], {1.0, 0.0, 0.0}, 1e-6);
}

TEST_F(MlPredictTest, ServesTheDeployedCopyNotTheOrigin) {
  objects().remove(kBucket, "models/mean/model.onnx");
  restart();  // and not a model cached in memory either
  const Reply reply = predict({{{"inputs", base64_encode(file("red_5x4.png"))}}});
  ASSERT_EQ(reply.status, 200) << reply.raw;
}

TEST_F(MlPredictTest, WrongImageSizeSaysBothSizes) {
  const Reply reply = predict({{{"inputs", base64_encode(file("red_5x4.png"))}},
                               {{"inputs", base64_encode(file("red_6x4.png"))}}});
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(error_status(reply), "INVALID_ARGUMENT");
  EXPECT_EQ(error_message(reply),
            "Prediction failed: instance 1: the image is 6x4 (width x height) but the model's "
            "input is 5x4; resize images to the model's size before sending them.");
}

TEST_F(MlPredictTest, RefusesBadInstances) {
  const Reply bad_base64 = predict({{{"inputs", "%%%not base64%%%"}}});
  EXPECT_EQ(bad_base64.status, 400);
  EXPECT_NE(error_message(bad_base64).find("is not valid base64"), std::string::npos);
  const Reply wrong_key = predict({{{"image_bytes", base64_encode(file("red_5x4.png"))}}});
  EXPECT_EQ(wrong_key.status, 400);
  EXPECT_NE(error_message(wrong_key).find("no \"inputs\" key"), std::string::npos);
  EXPECT_EQ(predict(json::array()).status, 400);
  EXPECT_EQ(predict({{{"inputs", {{{1.0, 2.0}}}}}}).status, 400);  // not 4x5x3
  const Reply not_image = predict({{{"inputs", base64_encode("plain text, not an image")}}});
  EXPECT_EQ(not_image.status, 400) << not_image.raw;
  EXPECT_EQ(call_raw("POST", project_path() + "/models/magritte:predict", "{").status, 400);
}

TEST_F(MlPredictTest, RefusesRequestsOverTheServiceLimit) {
  const std::string body = json({{"instances", {{{"inputs", std::string(1'572'864, 'A')}}}}}).dump();
  const Reply reply = call_raw("POST", project_path() + "/models/magritte:predict", body);
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(error_status(reply), "INVALID_ARGUMENT");
  EXPECT_EQ(error_message(reply), "Request payload size exceeds the limit: 1572864 bytes.");
}

TEST_F(MlPredictTest, SavedModelVersionsCannotServe) {
  objects().write(kBucket, "tf/saved_model.pb", "pb", "application/octet-stream");
  ASSERT_EQ(deploy("tf", "gs://bucket/tf"), "READY");
  const Reply reply = predict({{{"inputs", base64_encode(file("red_5x4.png"))}}}, "tf");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(error_status(reply), "FAILED_PRECONDITION");
  EXPECT_NE(error_message(reply).find("TensorFlow SavedModel, which the magritte emulator cannot "
                                      "execute"), std::string::npos) << reply.raw;
}

TEST_F(MlPredictTest, FailedVersionsAndModelsWithoutDefault) {
  ASSERT_EQ(deploy("broken", "gs://bucket/empty"), "FAILED");
  const Reply failed = predict({{{"inputs", base64_encode(file("red_5x4.png"))}}}, "broken");
  EXPECT_EQ(failed.status, 400);
  EXPECT_NE(error_message(failed).find("Online prediction is unavailable for this version"),
            std::string::npos);
  ASSERT_EQ(call("POST", project_path() + "/models", {{"name", "empty"}}).status, 200);
  const Reply no_default = call("POST", project_path() + "/models/empty:predict",
                                {{"instances", {{{"inputs", "x"}}}}});
  EXPECT_EQ(no_default.status, 400);
  EXPECT_EQ(error_status(no_default), "FAILED_PRECONDITION");
  EXPECT_EQ(call("POST", project_path() + "/models/nope:predict", {{"instances", json::array()}}).status, 404);
}

// The release loop's promise: switching the default never fails a prediction in flight.
TEST_F(MlPredictTest, DefaultSwitchesNeverFailPredictions) {
  ASSERT_EQ(deploy("v2", "gs://bucket/models/mean"), "READY");
  const json instances = {{{"inputs", base64_encode(file("red_5x4.png"))}}};
  // Loads the vision module and the model first (slow under the sanitizers), so that the
  // rounds below overlap predictions, not start-up.
  ASSERT_EQ(predict(instances).status, 200);
  std::atomic<bool> done{false};
  std::atomic<int> served{0}, failed{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 3; ++i) {
    clients.emplace_back([&] {
      while (!done) {
        (predict(instances).status == 200 ? served : failed)++;
      }
    });
  }
  for (int round = 0; round < 20 || (served <= 20 && round < 1000); ++round) {
    const std::string version = round % 2 == 0 ? "v2" : "v1";
    ASSERT_EQ(call("POST", project_path() + "/models/magritte/versions/" + version + ":setDefault",
                   json::object()).status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  done = true;
  for (auto& client : clients) client.join();
  EXPECT_EQ(failed, 0);
  EXPECT_GT(served, 20);
}

TEST(ImageSize, ReadsPngAndJpegHeaders) {
  const auto png = image_size(file("red_6x4.png"));
  ASSERT_TRUE(png);
  EXPECT_EQ(png->width, 6);
  EXPECT_EQ(png->height, 4);
  const auto jpeg = image_size(file("red_5x4.jpg"));
  ASSERT_TRUE(jpeg);
  EXPECT_EQ(jpeg->width, 5);
  EXPECT_EQ(jpeg->height, 4);
  EXPECT_FALSE(image_size("GIF89a"));
  EXPECT_FALSE(image_size(std::string("\xFF\xD8\xFF", 3)));
}

}  // namespace
}  // namespace magritte::emulator::ml::testing
