#include "predict/endpoint.hpp"

#include <gtest/gtest.h>

#include "magritte/error.hpp"

namespace magritte::predict {
namespace {

TEST(RegionalEndpoint, DefaultsToGooglesRegionalHost) {
  EXPECT_EQ(regional_ml_endpoint(std::nullopt, "europe-west1"), "https://europe-west1-ml.googleapis.com/");
  EXPECT_EQ(regional_ml_endpoint(std::nullopt, "us-central1"), "https://us-central1-ml.googleapis.com/");
}

TEST(RegionalEndpoint, PrefixesTheRegionToTheOverridesHost) {
  // What the emulator's gcloud configuration gives (endpoint_util.DeriveMLRegionalEndpoint).
  EXPECT_EQ(regional_ml_endpoint("http://ml.emulator.test/", "europe-west1"), "http://europe-west1-ml.emulator.test/");
  EXPECT_EQ(regional_ml_endpoint("http://localhost:8080/ml/", "asia-east1"), "http://asia-east1-localhost:8080/ml/");
}

TEST(RegionalEndpoint, GlobalKeepsTheBaseAndASlashIsAdded) {
  EXPECT_EQ(regional_ml_endpoint(std::nullopt, "global"), "https://ml.googleapis.com/");
  EXPECT_EQ(regional_ml_endpoint("http://ml.emulator.test", ""), "http://ml.emulator.test/");
}

TEST(RegionalEndpoint, RefusesAnOverrideThatIsNotAUrl) {
  EXPECT_THROW(regional_ml_endpoint("ml.emulator.test/", "europe-west1"), Error);
}

TEST(PredictUrl, TargetsTheDefaultVersionUnlessOneIsGiven) {
  const std::string endpoint = "https://europe-west1-ml.googleapis.com/";
  EXPECT_EQ(predict_url(endpoint, "aerobic-coast-161423", "magritte", std::nullopt),
            "https://europe-west1-ml.googleapis.com/v1/projects/aerobic-coast-161423/models/magritte:predict");
  EXPECT_EQ(predict_url(endpoint, "aerobic-coast-161423", "magritte", "v2"),
            "https://europe-west1-ml.googleapis.com/v1/projects/aerobic-coast-161423/models/magritte/versions/v2:predict");
}

TEST(PredictUrl, EscapesOddCharacters) {
  EXPECT_EQ(predict_url("http://h/", "p", "a/b", "v 1"), "http://h/v1/projects/p/models/a%2Fb/versions/v%201:predict");
}

}  // namespace
}  // namespace magritte::predict
