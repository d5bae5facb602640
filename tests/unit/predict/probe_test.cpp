// Asking one deployed model behind a Vertex endpoint (the smoke test of promote): requests
// until the wanted model answers, the others' answers counted and dropped.
#include "predict/probe.hpp"
#include "support/pass_through_vision.hpp"

#include <unistd.h>

#include <cmath>
#include <deque>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "magritte/error.hpp"

namespace magritte::predict {
namespace {

namespace fs = std::filesystem;

TEST(AttemptsForShare, UnderOneInAMillionToMissTheShare) {
  EXPECT_EQ(attempts_for_share(100), 1);
  EXPECT_EQ(attempts_for_share(10), 132);  // 0.9^131 = 1.01e-6 is not under one in a million
  EXPECT_EQ(attempts_for_share(1), 1375);
  EXPECT_EQ(attempts_for_share(50), 20);  // 0.5^20 < 1e-6 < 0.5^19
  EXPECT_EQ(attempts_for_share(99), 3);  // 0.01^3 = 1e-6: the boundary, within rounding
  EXPECT_EQ(attempts_for_share(0), 0);
  EXPECT_EQ(attempts_for_share(150), 1);
}

TEST(AttemptsForShare, EnoughAndNoMoreForEveryShare) {
  for (int percent = 1; percent < 100; ++percent) {
    const int attempts = attempts_for_share(percent);
    const double miss = 1.0 - percent / 100.0;
    // Relative slack for the one exact boundary (99 %: 0.01^3 is 1e-6 up to rounding).
    EXPECT_LE(std::pow(miss, attempts), 1e-6 * (1 + 1e-9)) << percent;
    EXPECT_GT(std::pow(miss, attempts - 1), 1e-6 * (1 - 1e-9)) << percent;
  }
}

// Answers queued in order; records each request.
class ScriptedTransport : public Transport {
public:
  HttpResponse post_json(const std::string& url, const std::string& body) override {
    urls.push_back(url);
    bodies.push_back(body);
    if (answers.empty()) return {500, R"({"error": {"message": "no answer left"}})", "", {}};
    auto answer = answers.front();
    answers.pop_front();
    return answer;
  }

  // A prediction with `top` as the best fruit, answered by deployed model `by`.
  void answer(const std::string& by, const std::string& top) {
    nlohmann::json scores = nlohmann::json::array();
    for (const auto& fruit : fruit_labels()) scores.push_back(fruit == top ? 0.9 : 0.0125);
    nlohmann::json body = {{"predictions", {scores}}, {"deployedModelId", by}};
    answers.push_back({200, body.dump(), "", {}});
  }

  std::deque<HttpResponse> answers;
  std::vector<std::string> urls;
  std::vector<std::string> bodies;
};

class Probe : public ::testing::Test {
protected:
  Probe() {
    dir_ = fs::path(::testing::TempDir()) / ("probe-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "apple.jpg") << "apple bytes";
    std::ofstream(dir_ / "bad.jpg") << "bad bytes";
    options_.retry = {0, std::chrono::milliseconds(1), std::chrono::milliseconds(1)};
    options_.top = 1;
    labels_ = load_labels("fruits");
  }
  ~Probe() override { fs::remove_all(dir_); }

  std::vector<ProbeResult> probe(const std::vector<std::string>& images, const ProbeRequest& request) {
    return probe_images(images, labels_, options_, vision_, transport_, request);
  }
  std::string image(const char* name) const { return (dir_ / name).string(); }

  fs::path dir_;
  PipelineOptions options_;
  Labels labels_;
  magritte::testing::PassThroughVision vision_;
  ScriptedTransport transport_;
};

TEST_F(Probe, OnlyTheWantedModelsAnswerIsJudged) {
  transport_.answer("111", "banana");
  transport_.answer("111", "banana");
  transport_.answer("222", "apple");
  const auto results = probe({image("apple.jpg")}, {"https://e/v1/endpoints/42:predict", "222", 131});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_FALSE(results[0].result.error) << *results[0].result.error;
  ASSERT_EQ(results[0].result.top.size(), 1u);
  EXPECT_EQ(results[0].result.top[0].label, "apple");
  EXPECT_EQ(results[0].requests, 3);
  EXPECT_EQ(results[0].answered_by_others, 2);
  EXPECT_EQ(results[0].answered_by, "222");
  EXPECT_EQ(transport_.urls, std::vector<std::string>(3, "https://e/v1/endpoints/42:predict"));
  EXPECT_EQ(transport_.bodies[0], transport_.bodies[2]);  // the same image, alone, each time
}

TEST_F(Probe, AModelThatNeverAnswersFailsThatImageAfterTheAttempts) {
  for (int i = 0; i < 5; ++i) transport_.answer("111", "apple");
  const auto results = probe({image("apple.jpg")}, {"u", "222", 3});
  ASSERT_TRUE(results[0].result.error);
  EXPECT_EQ(*results[0].result.error, "deployed model 222 never answered (3 requests, all served by others)");
  EXPECT_TRUE(results[0].result.top.empty());
  EXPECT_EQ(results[0].answered_by_others, 3);
  EXPECT_EQ(transport_.urls.size(), 3u);
}

TEST_F(Probe, WithoutAWantedModelTheFirstAnswerCounts) {
  transport_.answer("111", "kiwi");
  const auto results = probe({image("apple.jpg")}, {"u", std::nullopt, 1});
  EXPECT_EQ(results[0].result.top.at(0).label, "kiwi");
  EXPECT_EQ(results[0].answered_by, "111");
  EXPECT_EQ(results[0].answered_by_others, 0);
}

TEST_F(Probe, EachImageIsAskedOnItsOwn) {
  transport_.answer("222", "apple");
  transport_.answer("111", "kiwi");
  transport_.answer("222", "mango");
  const auto results = probe({image("apple.jpg"), image("apple.jpg")}, {"u", "222", 10});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].requests, 1);
  EXPECT_EQ(results[1].requests, 2);
  EXPECT_EQ(results[1].result.top.at(0).label, "mango");
}

TEST_F(Probe, AFailedRequestIsThatImagesErrorWithoutMoreAttempts) {
  transport_.answers.push_back({400, R"({"error": {"code": 400, "message": "bad instance"}})", "", {}});
  transport_.answer("222", "apple");
  const auto results = probe({image("apple.jpg")}, {"u", "222", 10});
  ASSERT_TRUE(results[0].result.error);
  EXPECT_NE(results[0].result.error->find("bad instance"), std::string::npos) << *results[0].result.error;
  EXPECT_EQ(results[0].requests, 1);
  EXPECT_EQ(transport_.urls.size(), 1u);
}

TEST_F(Probe, ABadImageSendsNothing) {
  const auto results = probe({image("bad.jpg")}, {"u", "222", 10});
  ASSERT_TRUE(results[0].result.error);
  EXPECT_EQ(results[0].requests, 0);
  EXPECT_TRUE(transport_.urls.empty());
}

TEST_F(Probe, ScoresThatDoNotMatchTheLabelsAreAUsageError) {
  transport_.answers.push_back({200, R"({"predictions": [[0.5, 0.5]], "deployedModelId": "222"})", "", {}});
  try {
    probe({image("apple.jpg")}, {"u", "222", 10});
    FAIL() << "expected a usage error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::usage);
  }
}

}  // namespace
}  // namespace magritte::predict
