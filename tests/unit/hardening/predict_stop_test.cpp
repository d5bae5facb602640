// SIGINT/SIGTERM during `magritte predict` (the pipeline's stop_signal): no new image read,
// no new request sent, requests in flight finish and their results are printed, retries
// stop, and the run returns instead of hanging on images that will never be sent. The
// transport is scripted so that the "signal" arrives at an exact point.
#include <signal.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "predict/pipeline.hpp"
#include "support/pass_through_vision.hpp"

namespace magritte::predict {
namespace {

namespace fs = std::filesystem;

using magritte::testing::PassThroughVision;

// Answers each request (9 scores per instance, or `status`), then raises the stop flag:
// the user pressed Ctrl-C while that request was in flight.
class StoppingTransport : public Transport {
public:
  StoppingTransport(std::atomic<int>& stop, std::atomic<int>& requests, int status)
      : stop_(stop), requests_(requests), status_(status) {}
  HttpResponse post_json(const std::string&, const std::string& body) override {
    ++requests_;
    HttpResponse response;
    response.status = status_;
    if (status_ == 200) {
      nlohmann::json predictions = nlohmann::json::array();
      for (std::size_t i = 0; i < nlohmann::json::parse(body)["instances"].size(); ++i) {
        predictions.push_back({{"outputs", {0.9, 0.1, 0, 0, 0, 0, 0, 0, 0}}});
      }
      response.body = nlohmann::json{{"predictions", predictions}}.dump();
    }
    stop_ = SIGINT;
    return response;
  }

private:
  std::atomic<int>& stop_;
  std::atomic<int>& requests_;
  int status_;
};

class PredictStop : public ::testing::Test {
protected:
  PredictStop() {
    dir_ = fs::path(::testing::TempDir()) / ("predict-stop-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    for (int i = 0; i < 12; ++i) {
      images_.push_back((dir_ / ("image" + std::to_string(i) + ".jpg")).string());
      // Files of one size: the pipeline takes the largest first, ties in input order.
      std::ofstream(images_.back(), std::ios::binary) << "apple " << (i < 10 ? "0" : "") << i;
    }
    options_.max_instances = 2;
    options_.in_flight = 1;
    options_.preprocess_threads = 1;  // images (all one size) reach batches in input order
    options_.retry = {4, std::chrono::milliseconds(5000), std::chrono::milliseconds(20000)};
    io_.vision = &vision_;
    io_.output = writer_.get();
    io_.warn = [this](const std::string& message) { warnings_.push_back(message); };
    io_.stop_signal = [this] { return stop_.load(); };
  }
  ~PredictStop() override { fs::remove_all(dir_); }

  RunStats run(int status) {
    io_.connect = [this, status] {
      return Target{"http://unused.test/", [this, status] {
                      return std::make_unique<StoppingTransport>(stop_, requests_, status);
                    }};
    };
    return run_pipeline(images_, load_labels("fruits"), options_, io_);
  }

  fs::path dir_;
  std::vector<std::string> images_;
  PipelineOptions options_;
  PassThroughVision vision_;
  std::ostringstream out_;
  std::unique_ptr<OutputWriter> writer_ = make_output_writer(OutputFormat::csv, out_);
  PipelineIo io_;
  std::atomic<int> stop_{0};
  std::atomic<int> requests_{0};
  std::vector<std::string> warnings_;
};

TEST_F(PredictStop, TheRequestInFlightFinishesAndNothingElseIsSent) {
  const RunStats stats = run(200);
  EXPECT_EQ(stats.stopped_by, SIGINT);
  EXPECT_EQ(requests_.load(), 1);
  EXPECT_EQ(stats.requests, 1U);
  EXPECT_EQ(stats.printed, 2U);  // the two images of the request in flight
  EXPECT_EQ(stats.predicted, 2U);
  EXPECT_EQ(stats.images, 12U);
  const std::string csv = out_.str();
  EXPECT_NE(csv.find("image0.jpg,1,apple,0.9"), std::string::npos) << csv;
  EXPECT_NE(csv.find("image1.jpg,1,apple,0.9"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("image2.jpg"), std::string::npos) << csv;
}

TEST_F(PredictStop, ARetryIsNotAttemptedNorWaitedForOnceStopped) {
  const auto start = std::chrono::steady_clock::now();
  const RunStats stats = run(503);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(stats.stopped_by, SIGINT);
  EXPECT_EQ(requests_.load(), 1) << "a retry was sent after the stop";
  EXPECT_LT(elapsed, std::chrono::milliseconds(2500)) << "the 5 s backoff was waited for";
  EXPECT_EQ(stats.failed_requests, 2U);  // reported, not hidden
  EXPECT_EQ(stats.printed, 2U);
}

TEST_F(PredictStop, WithoutAStopEverythingIsSentAsBefore) {
  io_.stop_signal = nullptr;
  const RunStats stats = run(200);  // the transport's flag is never read
  EXPECT_EQ(stats.stopped_by, 0);
  EXPECT_EQ(requests_.load(), 6);
  EXPECT_EQ(stats.printed, 12U);
}

}  // namespace
}  // namespace magritte::predict
