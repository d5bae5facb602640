// `magritte predict` from the unpacked package against the emulator: it must load the vision
// module the package installed (<root>/usr/lib/magritte/), never the build tree's
// (build/bin/magritte-vision.so). The dynamic loader's own record (LD_DEBUG=files) says which
// file was opened; a copy of the binary without its lib/ shows there is no other way to it.
#include <fstream>

#include "../e2e/ml_e2e_support.hpp"
#include "install_support.hpp"
#include "support/process.hpp"

namespace magritte::e2e {
namespace {

namespace fs = std::filesystem;
using install_test::installed;
using install_test::installed_magritte;

class InstalledPredict : public MlEndToEnd {
protected:
  void SetUp() override {
    MlEndToEnd::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(gcloud({"ai-platform", "models", "create", "magritte", "--region", kRegion}).ok());
    ASSERT_TRUE(gcloud({"ai-platform", "versions", "create", "v1", "--model", "magritte", "--origin",
                        upload_model("models/mean"), "--region", kRegion}).ok());
    write_file("rgb.txt", "red\ngreen\nblue\n");
    fs::copy_file(fs::path(MAGRITTE_ML_E2E_DATA) / "red_5x4.png", work_dir() / "red.png");
  }

  std::vector<std::string> predict_argv(const std::string& binary) {
    return {binary, "predict", "--model", "magritte", "--region", kRegion, "--set", "predict.image_size=5x4",
            "--labels", "rgb.txt", "red.png"};
  }

  // A 5x4 24-bit BMP, all red: 54 bytes of headers, rows bottom-up in BGR padded to 4 bytes.
  static std::string red_bmp_5x4() {
    const auto le = [](std::uint32_t value, int bytes) {
      std::string out;
      for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
      return out;
    };
    const std::string row = std::string("\x00\x00\xFF", 3) + std::string("\x00\x00\xFF", 3) +
                            std::string("\x00\x00\xFF", 3) + std::string("\x00\x00\xFF", 3) +
                            std::string("\x00\x00\xFF", 3) + std::string(1, '\0');  // 15 + 1 padding
    std::string bmp = "BM" + le(54 + 4 * 16, 4) + le(0, 4) + le(54, 4);
    bmp += le(40, 4) + le(5, 4) + le(4, 4) + le(1, 2) + le(24, 2) + le(0, 4) + le(4 * 16, 4) + le(2835, 4) +
           le(2835, 4) + le(0, 4) + le(0, 4);
    for (int y = 0; y < 4; ++y) bmp += row;
    return bmp;
  }

  // Every file the dynamic loader wrote (one per process: magritte, and gcloud's python).
  static std::string loader_log(const fs::path& dir) {
    std::string text;
    for (const auto& entry : fs::directory_iterator(dir)) text += install_test::read_file(entry.path());
    return text;
  }
};

TEST_F(InstalledPredict, LoadsTheVisionModuleInstalledUnderLibMagritte) {
  magritte::testing::TempDir trace;
  Environment env = environment();
  env["LD_DEBUG"] = "files";
  env["LD_DEBUG_OUTPUT"] = (trace.path() / "ld").string();
  const CommandResult result = run_with(env, predict_argv(installed_magritte()));
  ASSERT_TRUE(result.ok()) << result.describe();
  EXPECT_TRUE(contains(result.out, "Label red")) << result.out;

  const std::string log = loader_log(trace.path());
  const std::string module = installed("lib/magritte/magritte-vision.so").string();
  EXPECT_TRUE(contains(log, "file=" + module + " [0];  dynamically loaded by "))
      << "the loader's record of magritte-vision.so:\n"
      << [&] {
           std::string lines;
           std::istringstream in(log);
           for (std::string line; std::getline(in, line);) {
             if (contains(line, "magritte-vision")) lines += line + "\n";
           }
           return lines;
         }();
  EXPECT_FALSE(contains(log, fs::path(magritte_binary()).parent_path().string() + "/magritte-vision.so"));
  // A PNG is decoded by libpng: OpenCV's imgcodecs (GDAL and 139 libraries) is not loaded.
  EXPECT_FALSE(contains(log, "libopencv_imgcodecs")) << "a PNG predict loaded imgcodecs";
}

// A BMP goes to OpenCV's imgcodecs, which the installed module loads on demand.
TEST_F(InstalledPredict, LoadsOpenCvsImageCodecsOnlyForOtherFormats) {
  write_file("red.bmp", red_bmp_5x4());
  magritte::testing::TempDir trace;
  Environment env = environment();
  env["LD_DEBUG"] = "files";
  env["LD_DEBUG_OUTPUT"] = (trace.path() / "ld").string();
  auto argv = predict_argv(installed_magritte());
  argv.back() = "red.bmp";
  const CommandResult result = run_with(env, argv);
  ASSERT_TRUE(result.ok()) << result.describe();
  EXPECT_TRUE(contains(result.out, "Label red")) << result.out;
  EXPECT_TRUE(contains(loader_log(trace.path()), "file=libopencv_imgcodecs.so.")) << "imgcodecs was not dlopen()ed";
}

// The binary alone (no lib/magritte/ beside it): predict says where it looked, and those
// are the only places, relative to the binary.
TEST_F(InstalledPredict, WithoutItsLibDirectoryTheBinaryFindsNoModule) {
  magritte::testing::TempDir alone;
  fs::create_directories(alone.path() / "bin");
  fs::copy_file(installed_magritte(), alone.path() / "bin" / "magritte");
  const CommandResult result = run(predict_argv((alone.path() / "bin" / "magritte").string()));
  EXPECT_EQ(result.exit_code, 127) << result.describe();
  EXPECT_TRUE(contains(result.err, "cannot load the vision module magritte-vision.so; tried:\n  " +
                                       (alone.path() / "bin/magritte-vision.so").string() + ": not found\n  " +
                                       (alone.path() / "lib/magritte/magritte-vision.so").string() + ": not found"))
      << result.err;
}

}  // namespace
}  // namespace magritte::e2e
