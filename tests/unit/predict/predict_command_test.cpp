// `magritte predict` end to end in-process: real CLI parsing, real vision module, real HTTP
// (a local server acting as gcloud's proxy), a FakeRunner standing in for gcloud.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "magritte/base64.hpp"
#include "prediction_server.hpp"
#include "unit/cli/cli_test_support.hpp"

namespace magritte::cli::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kToken = "ya29.a0AfH6SMB-this-is-the-secret-token";

// A valid 1x1 red PNG: the real vision module resizes it to 299x299 and encodes a JPEG.
const std::string kRedPixelPng(
    "\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xDE\0\0\0\x0CIDATx\x9C"
    "c\xF8\xCF\xC0\0\0\x03\x01\x01\0\xC9\xFE\x92\xEF\0\0\0\0IEND\xAE\x42\x60\x82",
    69);

nlohmann::json apple_scores(const nlohmann::json&) { return {0.8, 0.05, 0.05, 0.02, 0.02, 0.02, 0.02, 0.01, 0.01}; }

class PredictCommandTest : public CliTest {
protected:
  PredictCommandTest() {
    setenv("MAGRITTE_VISION_MODULE", MAGRITTE_VISION_MODULE_PATH, 1);
    dir_ = fs::path(::testing::TempDir()) / ("predict-cli-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "photos");
    for (const char* name : {"photos/a.png", "photos/b.png"}) std::ofstream(dir_ / name, std::ios::binary) << kRedPixelPng;
    std::ofstream(dir_ / "photos/broken.png") << "not really a png";
    std::ofstream(dir_ / "photos/notes.txt") << "skip me";
  }
  ~PredictCommandTest() override { fs::remove_all(dir_); }

  // What `gcloud config list --format=json` says: credentials on, the emulator host
  // override and our server as the proxy.
  std::string gcloud_config() const {
    return nlohmann::json{{"core", {{"project", "gcloud-project"}}},
                          {"api_endpoint_overrides", {{"ml", "http://ml.emulator.test/"}}},
                          {"proxy", {{"type", "http"}, {"address", "127.0.0.1"}, {"port", std::to_string(server_.port())}}}}
        .dump();
  }

  std::string photo(const char* name) const { return (dir_ / "photos" / name).string(); }

  // --dry-run with the context's own DryRunRunner (CliTest injects a FakeRunner, which
  // would run the commands instead of printing them).
  CliRun dry_run(std::vector<std::string> args) {
    Context context;
    context.set_environment(environment_);
    std::vector<const char*> argv = {"magritte", "--dry-run"};
    for (const auto& arg : args) argv.push_back(arg.c_str());
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    CliRun result;
    result.exit_code = cli::run(static_cast<int>(argv.size()), argv.data(), context);
    result.out = ::testing::internal::GetCapturedStdout();
    result.err = ::testing::internal::GetCapturedStderr();
    return result;
  }

  fs::path dir_;
  predict::testing::PredictionServer server_{apple_scores};
};

TEST_F(PredictCommandTest, SeedFlagsAreAliases) {
  const CliRun run = dry_run({"predict", "--format", "json", "--image", photo("a.png"), "--project_id",
                                "aerobic-coast-161423", "--model_name", "magritte", "--model_version", "v7",
                                "--decode_preds_fn", "inception", "--top", "6"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  const auto plan = json["plan"].dump();
  EXPECT_NE(plan.find("/v1/projects/aerobic-coast-161423/models/magritte/versions/v7:predict"), std::string::npos) << plan;
  EXPECT_NE(plan.find("top 6 labels from imagenet"), std::string::npos) << plan;
  EXPECT_EQ(json["images"], nlohmann::json::array({photo("a.png")}));
  EXPECT_EQ(json["commands"][0]["shell"], "gcloud config list --format=json");
}

TEST_F(PredictCommandTest, DryRunPrintsTheGcloudCallsAndThePlan) {
  const CliRun run = dry_run({"predict", photo("a.png")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind(std::string("# ") + predict::kConfigListFallbackNote +
                              "\ngcloud config list --format=json\n# the access token is asked only when",
                          0),
            0U)
      << run.out;
  EXPECT_NE(run.out.find("gcloud auth print-access-token\n"), std::string::npos);
  EXPECT_NE(run.out.find("# POST https://us-central1-ml.googleapis.com/v1/projects/test-project/models/magritte:predict"),
            std::string::npos)
      << run.out;
}

TEST_F(PredictCommandTest, PredictsThroughGcloudsProxyAndNeverPrintsTheToken) {
  fake_.then_ok(gcloud_config()).then_ok(std::string(kToken) + "\n");
  const CliRun run = this->run({"-v", "predict", "--format", "csv", "--top", "2", (dir_ / "photos").string()});
  EXPECT_EQ(run.exit_code, 2) << run.err;  // broken.png is a bad input
  EXPECT_EQ(run.out, "image,rank,label,score,error\n" + photo("a.png") + ",1,apple,0.8000,\n" + photo("a.png") +
                         ",2,banana,0.0500,\n" + photo("b.png") + ",1,apple,0.8000,\n" + photo("b.png") +
                         ",2,banana,0.0500,\n" + photo("broken.png") +
                         ",,,,\"not an image (unrecognised format; accepted: JPEG, PNG, BMP, WebP, TIFF, PNM)\"\n");
  EXPECT_NE(run.err.find("skipping " + photo("notes.txt") + ": not an image"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("predicted 2 of 3 image(s) in 1 request(s)"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("POST 2 instances"), std::string::npos) << run.err;  // -v logs requests...
  EXPECT_EQ(run.out.find(kToken), std::string::npos);                        // ...never the token
  EXPECT_EQ(run.err.find(kToken), std::string::npos);
  EXPECT_EQ(run.err.find("ya29"), std::string::npos);

  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1U);
  const auto& request = requests[0];
  EXPECT_EQ(request.authorization, std::string("Bearer ") + kToken);
  EXPECT_EQ(request.target, "http://us-central1-ml.emulator.test/v1/projects/test-project/models/magritte:predict");
  // Each instance is the seed's {"inputs": "<urlsafe base64 JPEG>"}: a JPEG of a few KB.
  const auto body = nlohmann::json::parse(request.body);
  ASSERT_EQ(body["instances"].size(), 2U);
  const std::string jpeg = base64_decode(body["instances"][0]["inputs"].get<std::string>()).value();
  EXPECT_EQ(jpeg.substr(0, 3), "\xFF\xD8\xFF");
  EXPECT_LT(jpeg.size(), 40'000U);
}

TEST_F(PredictCommandTest, AFailedRequestExitsOne) {
  fake_.then_ok(gcloud_config()).then_ok(kToken);
  server_.fail_next({400});
  const CliRun run = this->run({"predict", "--version", "v9", photo("a.png")});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("HTTP 400 UNAVAILABLE: injected failure"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("magritte: error: 1 of 1 image(s) failed"), std::string::npos) << run.err;
  EXPECT_EQ(server_.requests().size(), 1U);  // a 400 is not retried
  EXPECT_NE(server_.requests()[0].target.find("/models/magritte/versions/v9:predict"), std::string::npos);
}

TEST_F(PredictCommandTest, TableIsTheDefault) {
  fake_.then_ok(gcloud_config()).then_ok(kToken);
  const CliRun run = this->run({"predict", "--top", "1", photo("a.png")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, photo("a.png") + "\nScore 0.8000, Label apple\n");
}

}  // namespace
}  // namespace magritte::cli::testing
