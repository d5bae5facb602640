// Runtime versions and frameworks as Vertex AI's prebuilt training and serving images
// (docs/vertex.md, "Runtime versions as prebuilt containers").
#include <gmock/gmock.h>

#include "plan/vertex_images.hpp"
#include "plan_test_support.hpp"

namespace magritte::plan::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using Images = PlanTest;

const std::string kTraining = "europe-docker.pkg.dev/vertex-ai/training/";
const std::string kServing = "europe-docker.pkg.dev/vertex-ai/prediction/";

TEST(ArtifactRegistry, NearestTheRegion) {
  EXPECT_EQ(artifact_registry_for("europe-west1"), "europe-docker.pkg.dev");
  EXPECT_EQ(artifact_registry_for("europe-north1"), "europe-docker.pkg.dev");
  EXPECT_EQ(artifact_registry_for("asia-east1"), "asia-docker.pkg.dev");
  EXPECT_EQ(artifact_registry_for("australia-southeast1"), "asia-docker.pkg.dev");
  EXPECT_EQ(artifact_registry_for("me-west1"), "asia-docker.pkg.dev");
  EXPECT_EQ(artifact_registry_for("us-central1"), "us-docker.pkg.dev");
  EXPECT_EQ(artifact_registry_for("northamerica-northeast1"), "us-docker.pkg.dev");
  EXPECT_EQ(artifact_registry_for("southamerica-east1"), "us-docker.pkg.dev");
}

TEST_F(Images, NoRuntimeVersionIsTheNewestTensorFlow) {
  const auto image = training_image(settings(), false);
  EXPECT_EQ(image.uri, kTraining + "tf-cpu.2-17.py310:latest");
  EXPECT_THAT(image.notes, IsEmpty());
  const auto serving = serving_image(settings());
  EXPECT_EQ(serving.uri, kServing + "tf2-cpu.2-17:latest");
  EXPECT_THAT(serving.notes, IsEmpty());
}

TEST_F(Images, GpuTrainingImage) {
  EXPECT_EQ(training_image(settings(), true).uri, kTraining + "tf-gpu.2-17.py310:latest");
}

TEST_F(Images, TensorFlow115HasItsOwnImagesWithoutANote) {
  set("train.runtime_version", "1.15");
  const auto image = training_image(settings(), false);
  EXPECT_EQ(image.uri, kTraining + "tf-cpu.1-15:latest");
  EXPECT_THAT(image.notes, IsEmpty());
  EXPECT_EQ(serving_image(settings()).uri, kServing + "tf-cpu.1-15:latest");
}

TEST_F(Images, TheSeeds15IsTensorFlow115WithANote) {
  set("train.runtime_version", "1.5");
  const auto image = training_image(settings(), true);
  EXPECT_EQ(image.uri, kTraining + "tf-gpu.1-15:latest");
  EXPECT_THAT(image.notes, ElementsAre("train.runtime_version '1.5' has no Vertex AI container: TensorFlow 1.15's, "
                                       "the only TensorFlow 1 one"));
  // deploy.runtime_version defaults to train.runtime_version, and says so under its own name.
  const auto serving = serving_image(settings());
  EXPECT_EQ(serving.uri, kServing + "tf-cpu.1-15:latest");
  ASSERT_EQ(serving.notes.size(), 1u);
  EXPECT_THAT(serving.notes[0], HasSubstr("deploy.runtime_version '1.5' has no Vertex AI container"));
}

TEST_F(Images, TensorFlow2BeforeTheOldestImageGets212) {
  for (const char* version : {"2.0", "2.11"}) {
    set("train.runtime_version", version);
    const auto image = training_image(settings(), false);
    EXPECT_EQ(image.uri, kTraining + "tf-cpu.2-12.py310:latest") << version;
    ASSERT_EQ(image.notes.size(), 1u) << version;
    EXPECT_THAT(image.notes[0], HasSubstr("past their end of availability: TensorFlow 2.12's instead"));
    EXPECT_EQ(serving_image(settings()).uri, kServing + "tf2-cpu.2-12:latest") << version;
  }
}

TEST_F(Images, TensorFlow212To217AreTheirOwn) {
  for (const int minor : {12, 15, 17}) {
    set("train.runtime_version", "2." + std::to_string(minor));
    const auto image = training_image(settings(), false);
    EXPECT_EQ(image.uri, kTraining + "tf-cpu.2-" + std::to_string(minor) + ".py310:latest");
    EXPECT_THAT(image.notes, IsEmpty());
    EXPECT_EQ(serving_image(settings()).uri, kServing + "tf2-cpu.2-" + std::to_string(minor) + ":latest");
  }
}

TEST_F(Images, LaterVersionsArePassedOnUnchecked) {
  set("train.runtime_version", "2.18");
  const auto image = training_image(settings(), false);
  EXPECT_EQ(image.uri, kTraining + "tf-cpu.2-18.py310:latest");
  EXPECT_THAT(image.notes, IsEmpty());
}

TEST_F(Images, AnotherMajorIsReadAs2Minor) {
  set("train.runtime_version", "3.14");
  EXPECT_EQ(training_image(settings(), false).uri, kTraining + "tf-cpu.2-14.py310:latest");
  set("train.runtime_version", "3.0");
  const auto image = training_image(settings(), false);
  EXPECT_EQ(image.uri, kTraining + "tf-cpu.2-12.py310:latest");
  EXPECT_EQ(image.notes.size(), 1u);
}

TEST_F(Images, WhatIsNotMajorDotMinorIsTheNewestWithANote) {
  for (const char* version : {"2", "2.11.0", "latest", "2.", ".5", "2.x"}) {
    set("train.runtime_version", version);
    const auto image = training_image(settings(), false);
    EXPECT_EQ(image.uri, kTraining + "tf-cpu.2-17.py310:latest") << version;
    EXPECT_THAT(image.notes, ElementsAre("train.runtime_version '" + std::string(version) +
                                         "' is not a TensorFlow version: TensorFlow 2.17's container"));
  }
}

TEST_F(Images, ExplicitImagesWinWithoutNotes) {
  set("train.runtime_version", "1.5");
  set("train.executor_image", "us-docker.pkg.dev/vertex-ai/training/pytorch-gpu.2-3.py310:latest");
  set("deploy.container_image", "europe-docker.pkg.dev/p/magritte/onnx-serving:1");
  const auto training = training_image(settings(), true);
  EXPECT_EQ(training.uri, "us-docker.pkg.dev/vertex-ai/training/pytorch-gpu.2-3.py310:latest");
  EXPECT_THAT(training.notes, IsEmpty());
  const auto serving = serving_image(settings());
  EXPECT_EQ(serving.uri, "europe-docker.pkg.dev/p/magritte/onnx-serving:1");
  EXPECT_THAT(serving.notes, IsEmpty());
}

TEST_F(Images, ServingOnAGpuWhenTheDeploymentHasAnAccelerator) {
  set("deploy.accelerator_type", "nvidia-tesla-t4");
  EXPECT_EQ(serving_image(settings()).uri, kServing + "tf2-gpu.2-17:latest");
}

TEST_F(Images, DeployRuntimeVersionOverridesTrainsForServing) {
  set("train.runtime_version", "2.13");
  set("deploy.runtime_version", "2.16");
  EXPECT_EQ(serving_image(settings()).uri, kServing + "tf2-cpu.2-16:latest");
  EXPECT_EQ(training_image(settings(), false).uri, kTraining + "tf-cpu.2-13.py310:latest");
}

TEST_F(Images, OtherFrameworksIgnoreRuntimeAndAccelerator) {
  set("train.runtime_version", "1.5");
  set("deploy.accelerator_type", "nvidia-tesla-t4");
  set("deploy.framework", "scikit-learn");
  auto serving = serving_image(settings());
  EXPECT_EQ(serving.uri, kServing + "sklearn-cpu.1-3:latest");
  EXPECT_THAT(serving.notes, IsEmpty());
  set("deploy.framework", "xgboost");
  EXPECT_EQ(serving_image(settings()).uri, kServing + "xgboost-cpu.1-7:latest");
  set("deploy.framework", "tensorflow");
  EXPECT_EQ(serving_image(settings()).uri, kServing + "tf-gpu.1-15:latest");
}

TEST_F(Images, TrainingFollowsTrainRegionServingProjectRegion) {
  set("project.region", "us-central1");
  set("train.region", "asia-east1");
  EXPECT_EQ(training_image(settings(), false).uri, "asia-docker.pkg.dev/vertex-ai/training/tf-cpu.2-17.py310:latest");
  EXPECT_EQ(serving_image(settings()).uri, "us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-17:latest");
}

}  // namespace
}  // namespace magritte::plan::testing
