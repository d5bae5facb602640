#include "vision/onnx_model.hpp"

#include <future>

#include <gtest/gtest.h>

#include "test_images.hpp"

namespace magritte::vision {
namespace {

using test::encode;

// The test models (make_test_models.py) return the mean of each input channel for a 5x4 input.
Signature mean_signature(Layout layout, ColorOrder order = ColorOrder::rgb, Scaling scaling = Scaling::unit) {
  Signature signature;
  signature.model_file = layout == Layout::nchw ? "mean_nchw.onnx" : "mean_nhwc.onnx";
  signature.input_name = "image";
  signature.width = 5;
  signature.height = 4;
  signature.layout = layout;
  signature.color_order = order;
  signature.scaling = scaling;
  return signature;
}

std::unique_ptr<Model> load(const Signature& signature) {
  Status status;
  auto model = load_onnx_model(MAGRITTE_TEST_MODEL_DIR, signature, status);
  EXPECT_TRUE(status.ok) << status.message;
  return model;
}

const std::string& red_png() {
  static const std::string png = encode(test::solid(5, 4, {0, 0, 255}), ".png");
  return png;
}

void expect_outputs(const Prediction& prediction, std::vector<float> expected) {
  ASSERT_TRUE(prediction.status.ok) << prediction.status.message;
  ASSERT_EQ(prediction.outputs.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(prediction.outputs[i], expected[i], 1e-4) << i;
}

TEST(OnnxModel, AppliesColourOrderScalingAndLayout) {
  for (const Layout layout : {Layout::nchw, Layout::nhwc}) {
    expect_outputs(load(mean_signature(layout))->predict_images({red_png()})[0], {1, 0, 0});
    expect_outputs(load(mean_signature(layout, ColorOrder::bgr))->predict_images({red_png()})[0], {0, 0, 1});
    expect_outputs(load(mean_signature(layout, ColorOrder::rgb, Scaling::inception))->predict_images({red_png()})[0],
                   {1, -1, -1});
    expect_outputs(load(mean_signature(layout, ColorOrder::rgb, Scaling::caffe))->predict_images({red_png()})[0],
                   {255 - 123.68F, -116.779F, -103.939F});
  }
}

TEST(OnnxModel, NhwcKeepsRowsAndColumnsApart) {
  // A model mixing up H and W would still average to the same value: check per-image means
  // of a half-and-half image instead, and a non-square input is already required (5x4).
  const std::string halves = encode(test::bands(4, 4, {{0, 0, 255}, {255, 0, 0}}), ".png");
  Status status;
  auto signature = mean_signature(Layout::nhwc);
  signature.width = 4;  // the graph's spatial size is not fixed by GlobalAveragePool
  auto model = load_onnx_model(MAGRITTE_TEST_MODEL_DIR, signature, status);
  ASSERT_TRUE(status.ok) << status.message;
  expect_outputs(model->predict_images({halves})[0], {0.5F, 0, 0.5F});
}

TEST(OnnxModel, RefusesImagesOfAnotherSize) {
  const auto predictions = load(mean_signature(Layout::nchw))->predict_images({encode(test::solid(6, 4, {}), ".png")});
  EXPECT_FALSE(predictions[0].status.ok);
  EXPECT_EQ(predictions[0].status.message, "image is 6x4, the model expects 5x4");
}

TEST(OnnxModel, OneBadImageDoesNotFailTheBatch) {
  const std::string blue = encode(test::solid(5, 4, {255, 0, 0}), ".png");
  const auto predictions = load(mean_signature(Layout::nchw))->predict_images({red_png(), "garbage", "", blue});
  ASSERT_EQ(predictions.size(), 4U);
  expect_outputs(predictions[0], {1, 0, 0});
  EXPECT_FALSE(predictions[1].status.ok);
  EXPECT_FALSE(predictions[2].status.ok);
  expect_outputs(predictions[3], {0, 0, 1});
}

TEST(OnnxModel, PredictsTensors) {
  auto model = load(mean_signature(Layout::nchw));
  std::vector<float> tensor(5 * 4 * 3, 0.25F);
  const auto predictions = model->predict_tensors({tensor, std::vector<float>(7)});
  expect_outputs(predictions[0], {0.25F, 0.25F, 0.25F});
  EXPECT_EQ(predictions[1].status.message, "tensor has 7 values, the model expects 5x4x3 = 60");
}

TEST(OnnxModel, IsSafeToUseFromSeveralThreads) {
  auto model = load(mean_signature(Layout::nchw));
  std::vector<std::future<bool>> workers;
  for (int t = 0; t < 4; ++t) {
    workers.push_back(std::async(std::launch::async, [&model] {
      bool all_red = true;
      for (int i = 0; i < 25; ++i) {
        const auto p = model->predict_images({red_png(), red_png()});
        all_red = all_red && p[1].status.ok && p[1].outputs[0] > 0.99F && p[1].outputs[2] < 0.01F;
      }
      return all_red;
    }));
  }
  for (auto& worker : workers) EXPECT_TRUE(worker.get());
}

TEST(OnnxModel, LoadFailuresAreStatuses) {
  Status status;
  auto signature = mean_signature(Layout::nchw);
  signature.model_file = "missing.onnx";
  EXPECT_EQ(load_onnx_model(MAGRITTE_TEST_MODEL_DIR, signature, status), nullptr);
  EXPECT_FALSE(status.ok);
  EXPECT_NE(status.message.find("missing.onnx not found"), std::string::npos) << status.message;

  signature = mean_signature(Layout::nchw);
  signature.width = 0;
  EXPECT_EQ(load_onnx_model(MAGRITTE_TEST_MODEL_DIR, signature, status), nullptr);
  EXPECT_EQ(status.message, "invalid model input size 0x4 in the signature");
}

}  // namespace
}  // namespace magritte::vision
