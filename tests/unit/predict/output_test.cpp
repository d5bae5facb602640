#include "predict/output.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "predict/inputs.hpp"

namespace magritte::predict {
namespace {

const ImageResult kApple{"data/apple 1.jpg", {{"apple", 0.91234}, {"mango", 0.05}}, std::nullopt, ""};
const ImageResult kBroken{"notes,v2.jpg", {}, "not an image", ""};

std::string written(OutputFormat format) {
  std::ostringstream out;
  auto writer = make_output_writer(format, out);
  writer->write(kApple);
  writer->write(kBroken);
  writer->write(kApple);
  return out.str();
}

TEST(Output, TableLooksLikeTheSeed) {
  EXPECT_EQ(written(OutputFormat::table),
            "data/apple 1.jpg\nScore 0.9123, Label apple\nScore 0.0500, Label mango\n"
            "\n"
            "data/apple 1.jpg\nScore 0.9123, Label apple\nScore 0.0500, Label mango\n");
}

TEST(Output, JsonLinesHaveAnErrorFieldForFailedImages) {
  EXPECT_EQ(written(OutputFormat::json),
            R"({"image":"data/apple 1.jpg","predictions":[{"label":"apple","score":0.91234},{"label":"mango","score":0.05}]})"
            "\n"
            R"({"error":"not an image","image":"notes,v2.jpg","predictions":[]})"
            "\n"
            R"({"image":"data/apple 1.jpg","predictions":[{"label":"apple","score":0.91234},{"label":"mango","score":0.05}]})"
            "\n");
}

TEST(Output, CsvHasOneRowPerLabelAndQuotesWhenNeeded) {
  EXPECT_EQ(written(OutputFormat::csv),
            "image,rank,label,score,error\n"
            "data/apple 1.jpg,1,apple,0.9123,\n"
            "data/apple 1.jpg,2,mango,0.0500,\n"
            "\"notes,v2.jpg\",,,,not an image\n"
            "data/apple 1.jpg,1,apple,0.9123,\n"
            "data/apple 1.jpg,2,mango,0.0500,\n");
}

TEST(Inputs, WalksDirectoriesSortedAndSkipsNonImages) {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(::testing::TempDir()) / "predict-inputs";
  fs::remove_all(root);
  fs::create_directories(root / "b");
  fs::create_directories(root / "a");
  for (const char* file : {"b/2.JPG", "a/1.png", "a/notes.txt", "z.jpeg", "README"}) std::ofstream(root / file) << "x";
  const InputList list = collect_inputs({root.string(), (root / "README").string(), (root / "missing.jpg").string()});
  EXPECT_EQ(list.images, (std::vector<std::string>{(root / "a/1.png").string(), (root / "b/2.JPG").string(),
                                                   (root / "z.jpeg").string(), (root / "README").string(),
                                                   (root / "missing.jpg").string()}));
  EXPECT_EQ(list.skipped, (std::vector<std::string>{(root / "README").string(), (root / "a/notes.txt").string()}));
}

TEST(Inputs, NothingToPredictIsAUsageError) {
  EXPECT_ANY_THROW(collect_inputs({}));
  const auto empty = std::filesystem::path(::testing::TempDir()) / "predict-empty";
  std::filesystem::create_directories(empty);
  EXPECT_ANY_THROW(collect_inputs({empty.string()}));
}

}  // namespace
}  // namespace magritte::predict
