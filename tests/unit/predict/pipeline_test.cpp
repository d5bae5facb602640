// The whole run against a local HTTP server: batching, ordering, failures, retries. The
// images are stand-ins: a fake vision module passes file contents through as "JPEG".
#include "predict/pipeline.hpp"
#include "support/pass_through_vision.hpp"

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "magritte/base64.hpp"
#include "magritte/error.hpp"
#include "predict/connection.hpp"
#include "prediction_server.hpp"

namespace magritte::predict {
namespace {

namespace fs = std::filesystem;

using magritte::testing::PassThroughVision;

// The server "recognises" the fruit named at the start of the image bytes.
nlohmann::json score_named_fruit(const nlohmann::json& instance) {
  const std::string content = base64_decode(instance["inputs"].get<std::string>()).value();
  const auto& fruits = fruit_labels();
  nlohmann::json scores = nlohmann::json::array();
  for (const auto& fruit : fruits) scores.push_back(content.rfind(fruit, 0) == 0 ? 0.9 : 0.0125);
  return scores;
}

class PipelineTest : public ::testing::Test {
protected:
  PipelineTest() {
    dir_ = fs::path(::testing::TempDir()) / ("pipeline-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    options_.max_request_bytes = 2000;
    options_.retry = {4, std::chrono::milliseconds(1), std::chrono::milliseconds(5)};
    options_.top = 2;
    options_.preprocess_threads = 2;
    io_.vision = &vision_;
    io_.output = writer_.get();
    io_.warn = [this](const std::string& message) { warnings_.push_back(message); };
    io_.connect = [this] {
      return Target{server_.url(), [] { return make_curl_transport(Connection{}); }};
    };
  }
  ~PipelineTest() override { fs::remove_all(dir_); }

  // Writes image i: the fruit's name padded to `size` bytes.
  std::string image(const std::string& content, std::size_t size = 300) {
    const fs::path path = dir_ / ("image" + std::to_string(images_.size()) + ".jpg");
    std::ofstream(path, std::ios::binary) << content << std::string(size > content.size() ? size - content.size() : 0, '.');
    images_.push_back(path.string());
    return path.string();
  }

  RunStats run() { return run_pipeline(images_, labels_, options_, io_); }

  std::vector<std::string> output_lines() const {
    std::vector<std::string> lines;
    std::istringstream in(out_.str());
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  fs::path dir_;
  PassThroughVision vision_;
  testing::PredictionServer server_{score_named_fruit};
  std::ostringstream out_;
  std::unique_ptr<OutputWriter> writer_ = make_output_writer(OutputFormat::json, out_);
  std::vector<std::string> warnings_;
  std::vector<std::string> images_;
  Labels labels_ = load_labels("fruits");
  PipelineOptions options_;
  PipelineIo io_;
};

TEST_F(PipelineTest, PacksSeveralInstancesPerRequestUnderTheByteLimitAndKeepsInputOrder) {
  const auto& fruits = fruit_labels();
  for (int i = 0; i < 30; ++i) image(fruits[static_cast<std::size_t>(i) % fruits.size()]);
  const RunStats stats = run();
  EXPECT_EQ(stats.predicted, 30U);
  const auto requests = server_.requests();
  std::size_t instances = 0;
  for (const auto& request : requests) {
    EXPECT_LE(request.body.size(), 2000U);
    EXPECT_GE(request.instances, 2U);
    instances += request.instances;
  }
  EXPECT_EQ(instances, 30U);
  EXPECT_GE(requests.size(), 8U);  // 300 B of "JPEG" is a 413-byte instance: at most 4 per 2000 bytes
  EXPECT_EQ(stats.requests, requests.size());
  const auto lines = output_lines();
  ASSERT_EQ(lines.size(), 30U);
  for (std::size_t i = 0; i < 30; ++i) {
    const auto record = nlohmann::json::parse(lines[i]);
    EXPECT_EQ(record["image"], images_[i]);
    EXPECT_EQ(record["predictions"][0]["label"], fruits[i % fruits.size()]);
    EXPECT_EQ(record["predictions"].size(), 2U);
  }
}

TEST_F(PipelineTest, PreprocessesTheLargestFilesFirstAndStillPrintsInInputOrder) {
  // A large image started last would keep one core busy alone at the end of the run.
  const auto& fruits = fruit_labels();
  for (std::size_t i = 0; i < 6; ++i) image(fruits[i], 100 * (i + 1));  // 100 to 600 bytes
  options_.preprocess_threads = 1;
  options_.max_request_bytes = 100'000;
  const RunStats stats = run();
  EXPECT_EQ(stats.predicted, 6U);
  std::vector<std::size_t> sent_sizes;
  for (const auto& request : server_.requests()) {
    const auto body = nlohmann::json::parse(request.body);
    for (const auto& instance : body["instances"]) {
      sent_sizes.push_back(base64_decode(instance["inputs"].get<std::string>()).value().size());
    }
  }
  EXPECT_EQ(sent_sizes, (std::vector<std::size_t>{600, 500, 400, 300, 200, 100}));
  const auto lines = output_lines();
  ASSERT_EQ(lines.size(), 6U);
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(nlohmann::json::parse(lines[i])["image"], images_[i]);
}

TEST_F(PipelineTest, OneBadImageDoesNotFailTheOthers) {
  image("apple");
  image("bad bytes");
  image("kiwi");
  std::remove(image("gone").c_str());
  const RunStats stats = run();
  EXPECT_EQ(stats.predicted, 2U);
  EXPECT_EQ(stats.bad_inputs, 2U);
  const auto lines = output_lines();
  ASSERT_EQ(lines.size(), 4U);
  EXPECT_EQ(nlohmann::json::parse(lines[1])["error"], "not an image (test)");
  EXPECT_EQ(nlohmann::json::parse(lines[3])["error"], "cannot read the file: No such file or directory");
  EXPECT_EQ(nlohmann::json::parse(lines[2])["predictions"][0]["label"], "kiwi");
  ASSERT_EQ(warnings_.size(), 2U);
  EXPECT_EQ(warnings_[0], images_[1] + ": not an image (test)");
}

TEST_F(PipelineTest, RetriesTransientFailures) {
  for (int i = 0; i < 3; ++i) image("mango");
  server_.fail_next({503, 429});
  const RunStats stats = run();
  EXPECT_EQ(stats.predicted, 3U);
  EXPECT_EQ(stats.attempts, stats.requests + 2);
  EXPECT_EQ(warnings_.size(), 2U);  // one line per retry
}

TEST_F(PipelineTest, AFailedRequestFailsOnlyItsImages) {
  options_.in_flight = 1;
  options_.preprocess_threads = 1;
  options_.retry.retries = 1;
  for (int i = 0; i < 8; ++i) image("grape");  // 4 per request: two requests
  server_.fail_next({500, 500});
  const RunStats stats = run();
  EXPECT_EQ(stats.failed_requests, 4U);
  EXPECT_EQ(stats.predicted, 4U);
  EXPECT_EQ(nlohmann::json::parse(output_lines()[0])["error"], "HTTP 500 UNAVAILABLE: injected failure");
}

TEST_F(PipelineTest, APredictionCountMismatchFailsTheBatch) {
  image("apple");
  image("apple");
  server_.drop_last_prediction(true);
  const RunStats stats = run();
  EXPECT_EQ(stats.failed_requests, 2U);
  EXPECT_EQ(nlohmann::json::parse(output_lines()[0])["error"], "the response has 1 predictions for 2 instances");
}

TEST_F(PipelineTest, InstancesThatCanNeverFitAreBadInputs) {
  image("apple", 3000);
  image("apple");
  const RunStats stats = run();
  EXPECT_EQ(stats.bad_inputs, 1U);
  EXPECT_EQ(stats.predicted, 1U);
  const std::string error = nlohmann::json::parse(output_lines()[0])["error"];
  EXPECT_EQ(error.rfind("the preprocessed image is 4013 bytes as a request instance, above predict.max_request_bytes (2000)", 0), 0U)
      << error;
}

TEST_F(PipelineTest, LabelsThatDoNotMatchTheModelStopTheRun) {
  image("apple");
  labels_ = Labels{"two.txt", {"cat", "dog"}};
  try {
    run();
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::usage);
    EXPECT_EQ(std::string(e.what()), "the model returned 9 scores but the labels (two.txt) have 2");
  }
}

// The connection (gcloud's token, ~1 s) is asked while images are preprocessed, not before:
// connect() here returns only once two images went through the vision module. Were it asked
// first, the run would wait for it and fail after the bound (never reached otherwise).
TEST_F(PipelineTest, TheConnectionIsAskedWhileImagesArePreprocessed) {
  struct CountingVision : PassThroughVision {
    vision::PreprocessedImage preprocess(std::string_view bytes, const vision::PreprocessOptions& options) const override {
      {
        const std::lock_guard lock(mutex);
        ++done;
      }
      changed.notify_all();
      return PassThroughVision::preprocess(bytes, options);
    }
    mutable std::mutex mutex;
    mutable std::condition_variable changed;
    mutable int done = 0;
  } counting;
  io_.vision = &counting;
  const auto connect = io_.connect;
  io_.connect = [&counting, connect] {
    std::unique_lock lock(counting.mutex);
    if (!counting.changed.wait_for(lock, std::chrono::seconds(60), [&counting] { return counting.done >= 2; })) {
      throw cloud_error("no image was preprocessed while the connection was being asked");
    }
    return connect();
  };
  for (int i = 0; i < 4; ++i) image("apple");
  const RunStats stats = run();
  EXPECT_EQ(stats.predicted, 4U);
}

TEST_F(PipelineTest, AGcloudFailureStopsTheRun) {
  for (int i = 0; i < 5; ++i) image("apple");
  io_.connect = []() -> Target { throw cloud_error("`gcloud config list` failed: boom"); };
  EXPECT_THROW(run(), Error);
  EXPECT_TRUE(server_.requests().empty());
}

}  // namespace
}  // namespace magritte::predict
