// `magritte predict` against the emulator, through gcloud's real configuration (`magritte
// emulator env`: proxy, endpoint override, disabled credentials): batching seen in the
// emulator's request log, injected faults, bad inputs, and the fruits example's own model
// trained and deployed by the real workflow.
#include <fstream>
#include <regex>
#include <sstream>

#include "ml_e2e_support.hpp"

namespace magritte::e2e {
namespace {

namespace fs = std::filesystem;

std::string read_binary(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The :predict requests among the logged ones, with their "instances=N" note.
std::vector<nlohmann::json> predict_requests(const std::vector<nlohmann::json>& requests) {
  std::vector<nlohmann::json> found;
  for (const auto& request : requests) {
    if (request["path"].get<std::string>().find(":predict") != std::string::npos) found.push_back(request);
  }
  return found;
}

int instances_of(const nlohmann::json& request) {
  static const std::regex note("instances=([0-9]+)");
  std::smatch match;
  const std::string text = request.value("note", "");
  return std::regex_search(text, match, note) ? std::stoi(match[1]) : 0;
}

// The emulator tests' channel-mean model (5x4 input, 3 outputs: the mean of R, G, B):
// predictions are exact, and setting it up takes a second.
class PredictWithMeanModel : public MlEndToEnd {
protected:
  void SetUp() override {
    MlEndToEnd::SetUp();
    ASSERT_TRUE(gcloud({"ai-platform", "models", "create", "magritte", "--region", kRegion}).ok());
    ASSERT_TRUE(gcloud({"ai-platform", "versions", "create", "v1", "--model", "magritte", "--origin",
                        upload_model("models/mean"), "--region", kRegion}).ok());
    write_file("rgb.txt", "red\ngreen\nblue\n");
    red_png_ = read_binary(fs::path(MAGRITTE_ML_E2E_DATA) / "red_5x4.png");
    red_jpg_ = read_binary(fs::path(MAGRITTE_ML_E2E_DATA) / "red_5x4.jpg");
  }

  // project.id is left unset on purpose: predict takes gcloud's core/project.
  CommandResult predict(std::vector<std::string> args) {
    std::vector<std::string> argv = {"predict", "--model", "magritte", "--region", kRegion,
                                     "--set", "predict.image_size=5x4", "--labels", "rgb.txt"};
    argv.insert(argv.end(), args.begin(), args.end());
    return magritte(argv);
  }

  std::string red_png_;
  std::string red_jpg_;
};

TEST_F(PredictWithMeanModel, SendsSeveralInstancesPerRequestAndPrintsEveryImage) {
  for (int i = 0; i < 12; ++i) write_file("photos/red" + std::to_string(i) + (i % 2 ? ".png" : ".jpg"), i % 2 ? red_png_ : red_jpg_);
  const auto since = last_request_seq();
  const CommandResult run = predict({"photos", "--format", "json", "--top", "1"});
  ASSERT_TRUE(run.ok()) << run.describe();
  std::istringstream lines(run.out);
  int records = 0;
  for (std::string line; std::getline(lines, line); ++records) {
    const auto record = nlohmann::json::parse(line);
    EXPECT_FALSE(record.contains("error")) << line;
    EXPECT_EQ(record["predictions"][0]["label"], "red") << line;
    EXPECT_NEAR(record["predictions"][0]["score"].get<double>(), 1.0, 0.02) << line;
  }
  EXPECT_EQ(records, 12);
  const auto requests = predict_requests(requests_since(since));
  int instances = 0;
  int largest = 0;
  for (const auto& request : requests) {
    EXPECT_EQ(request["status"], 200);
    EXPECT_EQ(request["host"], "europe-west1-ml.emulator.test");  // region prefixed, through the proxy
    instances += instances_of(request);
    largest = std::max(largest, instances_of(request));
  }
  EXPECT_EQ(instances, 12);
  EXPECT_GE(largest, 8) << "requests: " << nlohmann::json(requests).dump();
  EXPECT_LE(requests.size(), 2U);
}

TEST_F(PredictWithMeanModel, RetriesInjected503sAndNeverRetriesA400) {
  write_file("red.png", red_png_);
  inject_fault({{"path", ":predict$"}, {"mode", "status"}, {"status", 503}, {"count", 2}});
  auto since = last_request_seq();
  const CommandResult retried = predict({"red.png"});
  ASSERT_TRUE(retried.ok()) << retried.describe();
  EXPECT_TRUE(contains(retried.out, "Label red")) << retried.out;
  EXPECT_TRUE(contains(retried.err, "request failed (HTTP 503), retry 1 of 4")) << retried.err;
  auto requests = predict_requests(requests_since(since));
  ASSERT_EQ(requests.size(), 3U);
  EXPECT_EQ(requests[0]["status"], 503);
  EXPECT_EQ(requests[2]["status"], 200);

  inject_fault({{"path", ":predict$"}, {"mode", "status"}, {"status", 400}, {"count", 1}, {"message", "bad instance"}});
  since = last_request_seq();
  const CommandResult refused = predict({"red.png"});
  EXPECT_EQ(refused.exit_code, 1) << refused.describe();
  EXPECT_TRUE(contains(refused.err, "red.png: HTTP 400")) << refused.err;
  EXPECT_TRUE(contains(refused.err, "magritte: error: 1 of 1 image(s) failed")) << refused.err;
  EXPECT_EQ(predict_requests(requests_since(since)).size(), 1U);
}

TEST_F(PredictWithMeanModel, BadInputsAreReportedOneByOneAndExitTwo) {
  write_file("in/good.png", red_png_);
  write_file("in/empty.jpg", "");
  write_file("in/truncated.jpg", red_jpg_.substr(0, red_jpg_.size() / 2));
  // A PNG header claiming 30000x30000 (900 MP): refused before any decoding.
  std::string huge("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0u0\0\0u0\x08\x02\0\0\0\0\0\0\0", 33);
  write_file("in/huge.png", huge);
  write_file("in/notes.txt", "not an image");
  const CommandResult run = predict({"in", "--format", "csv"});
  EXPECT_EQ(run.exit_code, 2) << run.describe();
  EXPECT_TRUE(contains(run.out, "in/good.png,1,red,0.99")) << run.out;  // JPEG-encoded red: 254/255
  EXPECT_TRUE(contains(run.err, "in/empty.jpg: empty file (0 bytes)")) << run.err;
  EXPECT_TRUE(contains(run.err, "in/truncated.jpg: truncated JPEG (no end-of-image marker)")) << run.err;
  EXPECT_TRUE(contains(run.err, "in/huge.png: image is 30000x30000 (900 MP), above the limit of 100 MP")) << run.err;
  EXPECT_TRUE(contains(run.err, "skipping in/notes.txt: not an image")) << run.err;
  EXPECT_TRUE(contains(run.err, "magritte: error: 3 of 4 image(s) failed: bad input(s)")) << run.err;
}

TEST_F(PredictWithMeanModel, SeedFlagsNameTheVersionAndDryRunSendsNothing) {
  write_file("red.jpg", red_jpg_);
  auto since = last_request_seq();
  const CommandResult seed = magritte({"predict", "--image", "red.jpg", "--model_name", "magritte", "--model_version",
                                       "v1", "--region", kRegion, "--set", "predict.image_size=5x4", "--labels",
                                       "rgb.txt", "--top", "3"});
  ASSERT_TRUE(seed.ok()) << seed.describe();
  EXPECT_TRUE(contains(seed.out, "red.jpg\nScore 0.99")) << seed.out;  // JPEG-encoded red: 254/255
  EXPECT_TRUE(contains(seed.out, ", Label red\nScore 0.0000, Label green\nScore 0.0000, Label blue\n")) << seed.out;
  const auto requests = predict_requests(requests_since(since));
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_TRUE(contains(requests[0]["path"].get<std::string>(), "/models/magritte/versions/v1:predict")) << requests[0].dump();

  since = last_request_seq();
  const CommandResult dry = predict({"red.jpg", "--dry-run"});
  ASSERT_TRUE(dry.ok()) << dry.describe();
  EXPECT_TRUE(contains(dry.out, "gcloud config list --format=json\n")) << dry.out;
  EXPECT_TRUE(predict_requests(requests_since(since)).empty());
}

TEST_F(PredictWithMeanModel, EveryRequestFormatReachesTheModel) {
  write_file("red.png", red_png_);
  // seed: urlsafe base64 JPEG; b64: {"b64": ...}; tensor: [4][5][3] floats already scaled
  // (unit, as the signature says), so a PNG's pure red arrives exactly.
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--set", "predict.request_format=seed"}, "0.99"},
      {{"--set", "predict.request_format=b64"}, "0.99"},
      {{"--set", "predict.request_format=tensor", "--set", "predict.tensor_scaling=unit"}, "1.00"},
  };
  for (const auto& [flags, score] : cases) {
    std::vector<std::string> args = {"red.png", "--format", "csv", "--top", "1"};
    args.insert(args.end(), flags.begin(), flags.end());
    const CommandResult run = predict(args);
    ASSERT_TRUE(run.ok()) << run.describe();
    EXPECT_TRUE(contains(run.out, "red.png,1,red," + score)) << flags.back() << ": " << run.out;
  }
}

// The acceptance path: the example project synced, trained and deployed by magritte through
// the real gcloud/gsutil, then photo-sized generated images predicted with its model.
class PredictWithFruitsExample : public MlEndToEnd {
protected:
  std::vector<std::string> initial_buckets() const override { return {"magritte-demo"}; }
};

TEST_F(PredictWithFruitsExample, RecognisesTheClearlyColouredFruits) {
  const fs::path example = fs::path(MAGRITTE_SOURCE_DIR) / "examples" / "fruits";
  for (const char* part : {"magritte.toml", "data", "trainer"}) {
    fs::copy(example / part, work_dir() / part, fs::copy_options::recursive);
  }
  ASSERT_TRUE(magritte({"sync"}).ok());
  const CommandResult train = magritte({"train"});
  ASSERT_TRUE(train.ok()) << train.describe();
  ASSERT_TRUE(wait_for_state("magritte_v1", "SUCCEEDED", std::chrono::seconds(120)));
  const CommandResult deploy = magritte({"deploy"});
  ASSERT_TRUE(deploy.ok()) << deploy.describe();

  const CommandResult apple = magritte({"predict", "data/fruits/apple/image_apple1.jpeg"});
  ASSERT_TRUE(apple.ok()) << apple.describe();
  EXPECT_EQ(apple.out.rfind("data/fruits/apple/image_apple1.jpeg\nScore ", 0), 0U) << apple.out;
  EXPECT_TRUE(contains(apple.out.substr(0, apple.out.find('\n', 40)), ", Label apple")) << apple.out;

  // 27 photos of 0.3-6 MP, JPEG and PNG, with EXIF orientations.
  const CommandResult generated = run({"/usr/bin/python3", (example / "generate.py").string(), "--out", "photos",
                                       "--per-class", "3", "--min-mp", "0.3", "--max-mp", "6", "--format", "mixed",
                                       "--exif-orientation", "--seed", "5"});
  ASSERT_TRUE(generated.ok()) << generated.describe();
  const auto since = last_request_seq();
  const CommandResult photos = magritte({"predict", "photos", "--format", "json"});
  ASSERT_TRUE(photos.ok()) << photos.describe();
  std::istringstream lines(photos.out);
  int records = 0;
  int right = 0;
  for (std::string line; std::getline(lines, line); ++records) {
    const auto record = nlohmann::json::parse(line);
    const std::string image = record["image"];
    const std::string fruit = fs::path(image).parent_path().filename().string();
    right += record["predictions"][0]["label"] == fruit;
  }
  EXPECT_EQ(records, 27);
  EXPECT_GE(right, 24) << photos.out;
  int largest = 0;
  for (const auto& request : predict_requests(requests_since(since))) largest = std::max(largest, instances_of(request));
  EXPECT_GE(largest, 8);
}

}  // namespace
}  // namespace magritte::e2e
