// Reading responses, labels, top-N.
#include <fstream>

#include <gtest/gtest.h>

#include "magritte/error.hpp"
#include "predict/labels.hpp"
#include "predict/response.hpp"

namespace magritte::predict {
namespace {

HttpResponse ok(std::string body) { return {200, std::move(body), {}, {}}; }

TEST(ParsePredictions, AcceptsTheSignaturesOutputKeyASingleKeyOrABareList) {
  const auto parsed = parse_predictions(ok(R"({"predictions": [{"outputs": [0.1, 0.9]}, {"probabilities": [1, 0]}, [0.3, 0.7]]})"), 3);
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.scores, (std::vector<std::vector<double>>{{0.1, 0.9}, {1, 0}, {0.3, 0.7}}));
}

TEST(ParsePredictions, CountMismatchFailsTheBatch) {
  const auto parsed = parse_predictions(ok(R"({"predictions": [[1], [2]]})"), 3);
  EXPECT_EQ(parsed.error, "the response has 2 predictions for 3 instances");
  EXPECT_TRUE(parsed.scores.empty());
}

TEST(ParsePredictions, AmbiguousObjectsAreErrors) {
  EXPECT_EQ(parse_predictions(ok(R"({"predictions": [{"a": [1], "b": [2]}]})"), 1).error,
            "a prediction has the keys a, b; expected \"outputs\" or a single key");
  EXPECT_EQ(parse_predictions(ok(R"({"predictions": [{"outputs": "x"}]})"), 1).error,
            "a prediction's scores are not a list of numbers");
}

TEST(ParsePredictions, ReportsGoogleErrorsAndTheServices200Error) {
  const HttpResponse refused{400, R"({"error": {"code": 400, "message": "Request payload size exceeds the limit: 1572864 bytes.", "status": "INVALID_ARGUMENT"}})", {}, {}};
  EXPECT_EQ(parse_predictions(refused, 1).error,
            "HTTP 400 INVALID_ARGUMENT: Request payload size exceeds the limit: 1572864 bytes.");
  EXPECT_EQ(parse_predictions(ok(R"({"error": "Prediction failed: unknown input"})"), 1).error,
            "prediction failed: Prediction failed: unknown input");
  EXPECT_EQ(parse_predictions({0, "", "Could not connect to server", {}}, 1).error,
            "connection failed: Could not connect to server");
  EXPECT_EQ(parse_predictions(ok("<html>"), 1).error,
            "HTTP 200 with a body that is not valid JSON (6 bytes, cut short?): <html>");
  EXPECT_EQ(parse_predictions(ok(R"({"outputs": []})"), 1).error, "the response has no \"predictions\" list: {\"outputs\": []}");
}

TEST(Labels, FruitsAreTheSeedsTransfertOrder) {
  EXPECT_EQ(load_labels("fruits").names,
            (std::vector<std::string>{"apple", "banana", "grape", "kiwi", "mango", "orange", "pineapple", "raspberry",
                                      "strawberry"}));
  EXPECT_EQ(load_labels("transfert").source, "fruits");
}

TEST(Labels, ImagenetHasTheThousandKerasNames) {
  const Labels labels = load_labels("imagenet");
  ASSERT_EQ(labels.names.size(), 1000U);
  EXPECT_EQ(labels.names[0], "tench");
  EXPECT_EQ(labels.names[948], "Granny_Smith");
  EXPECT_EQ(labels.names[954], "banana");
  EXPECT_EQ(labels.names[999], "toilet_tissue");
}

TEST(Labels, FileHasOneLabelPerLine) {
  const std::string path = ::testing::TempDir() + "/labels.txt";
  std::ofstream(path) << "cat\r\ndog\n\nbird\n\n";
  EXPECT_EQ(load_labels(path).names, (std::vector<std::string>{"cat", "dog", "", "bird"}));
  try {
    load_labels(::testing::TempDir() + "/missing-labels.txt");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::usage);
  }
}

TEST(Rank, TopScoresBestFirstTiesInIndexOrder) {
  const Ranking ranking = rank({0.1, 0.3, 0.05, 0.3, 0.25, 0, 0, 0, 0}, load_labels("fruits"), 3);
  ASSERT_EQ(ranking.error, "");
  ASSERT_EQ(ranking.top.size(), 3U);
  EXPECT_EQ(ranking.top[0].label, "banana");
  EXPECT_EQ(ranking.top[1].label, "kiwi");
  EXPECT_EQ(ranking.top[2].label, "mango");
  EXPECT_DOUBLE_EQ(ranking.top[2].score, 0.25);
  EXPECT_EQ(rank(std::vector<double>(9, 0.1), load_labels("fruits"), 20).top.size(), 9U);
}

TEST(Rank, LengthMismatchSaysBothLengths) {
  EXPECT_EQ(rank(std::vector<double>(10, 0.1), load_labels("fruits"), 5).error,
            "the model returned 10 scores but the labels (fruits) have 9");
}

}  // namespace
}  // namespace magritte::predict
