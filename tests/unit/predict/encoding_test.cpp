// Instances, request bodies and batching by bytes (the base64 codec: tests/unit/util).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "predict/batcher.hpp"
#include "predict/instances.hpp"

namespace magritte::predict {
namespace {

using nlohmann::json;

vision::PreprocessedImage jpeg_image(std::string bytes) {
  vision::PreprocessedImage image;
  image.jpeg = std::move(bytes);
  return image;
}

TEST(Instances, SeedFormatIsUrlSafeBase64UnderTheKey) {
  EXPECT_EQ(make_instance(jpeg_image("\xFB\xFF\xBF"), RequestFormat::seed, "inputs", 0), R"({"inputs":"-_-_"})");
}

TEST(Instances, B64FormatIsStandardBase64InAnObject) {
  EXPECT_EQ(make_instance(jpeg_image("\xFB\xFF\xBF"), RequestFormat::b64, "image_bytes", 0),
            R"({"image_bytes":{"b64":"+/+/"}})");
}

TEST(Instances, TensorFormatIsHeightByWidthByThree) {
  vision::PreprocessedImage image;
  image.tensor = {-1, 0, 1, 0.5F, 0.25F, 0, 1, 1, 1, 0, 0, 0, -0.992157F, 0, 0, 0, 0, 0};  // 2 rows x 3 columns
  const std::string instance = make_instance(image, RequestFormat::tensor, "inputs", 3);
  const json parsed = json::parse(instance);
  ASSERT_EQ(parsed["inputs"].size(), 2U);
  ASSERT_EQ(parsed["inputs"][0].size(), 3U);
  EXPECT_EQ(parsed["inputs"][0][0], json({-1, 0, 1}));
  EXPECT_EQ(parsed["inputs"][0][1], json({0.5, 0.25, 0}));
  EXPECT_EQ(parsed["inputs"][1][1][0], -0.992157);
  EXPECT_EQ(instance.substr(0, 30), R"({"inputs":[[[-1,0,1],[0.5,0.25)");
}

TEST(Instances, KeyIsJsonEscaped) {
  EXPECT_EQ(make_instance(jpeg_image("a"), RequestFormat::seed, "we\"ird", 0), R"({"we\"ird":"YQ=="})");
}

TEST(RequestBody, SizeIsKnownFromTheInstances) {
  const std::vector<std::string> instances = {R"({"a":1})", R"({"b":22})", R"({"c":333})"};
  const std::string body = make_body(instances);
  EXPECT_EQ(body, R"({"instances":[{"a":1},{"b":22},{"c":333}]})");
  EXPECT_EQ(body.size(), body_size(7 + 8 + 9, 3));
  EXPECT_EQ(make_body({}).size(), body_size(0, 0));
}

std::string instance_of_size(std::size_t size) { return std::string(size, 'x'); }

TEST(BatchPacker, PacksAsManyAsFitUnderTheByteLimit) {
  // Bodies: 16 bytes of envelope + instances + commas. Limit 100: three 27-byte instances
  // make 16 + 81 + 2 = 99; a fourth would make 127.
  BatchPacker packer(100, 100);
  std::vector<Batch> batches;
  for (std::size_t i = 0; i < 7; ++i) {
    if (auto sealed = packer.add(i, instance_of_size(27))) batches.push_back(std::move(*sealed));
  }
  if (auto last = packer.flush()) batches.push_back(std::move(*last));
  ASSERT_EQ(batches.size(), 3U);
  EXPECT_EQ(batches[0].images, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(batches[1].images, (std::vector<std::size_t>{3, 4, 5}));
  EXPECT_EQ(batches[2].images, (std::vector<std::size_t>{6}));
  EXPECT_EQ(batches[0].body.size(), 99U);
  for (const auto& batch : batches) EXPECT_LE(batch.body.size(), 100U);
}

TEST(BatchPacker, ExactFitStaysInTheBatch) {
  BatchPacker packer(100, 100);
  EXPECT_FALSE(packer.add(0, instance_of_size(41)));
  EXPECT_FALSE(packer.add(1, instance_of_size(42)));  // 16 + 41 + 42 + 1 = 100
  EXPECT_TRUE(packer.add(2, instance_of_size(1)));
}

TEST(BatchPacker, MixedSizesAreMeasuredNotCounted) {
  BatchPacker packer(1000, 100);
  std::vector<std::vector<std::size_t>> batches;
  const std::size_t sizes[] = {900, 10, 10, 500, 400, 300};
  for (std::size_t i = 0; i < 6; ++i) {
    if (auto sealed = packer.add(i, instance_of_size(sizes[i]))) batches.push_back(sealed->images);
  }
  batches.push_back(packer.flush()->images);
  EXPECT_EQ(batches, (std::vector<std::vector<std::size_t>>{{0, 1, 2}, {3, 4}, {5}}));
}

TEST(BatchPacker, HonoursTheInstanceLimit) {
  BatchPacker packer(1'000'000, 2);
  EXPECT_FALSE(packer.add(0, "a"));
  EXPECT_FALSE(packer.add(1, "b"));
  const auto sealed = packer.add(2, "c");
  ASSERT_TRUE(sealed);
  EXPECT_EQ(sealed->body, R"({"instances":[a,b]})");
}

TEST(BatchPacker, KnowsWhatCanNeverFit) {
  BatchPacker packer(100, 100);
  EXPECT_TRUE(packer.fits_alone(84));
  EXPECT_FALSE(packer.fits_alone(85));
  EXPECT_FALSE(packer.flush());
}

}  // namespace
}  // namespace magritte::predict
