// vision::load() against the real magritte-vision.so: the dlopen boundary itself.
#include <cstdlib>
#include <iostream>

#include <gtest/gtest.h>

#include "magritte/error.hpp"
#include "magritte/vision.hpp"

namespace magritte::vision {
namespace {

// A tiny valid PNG (1x1 red), so this test needs no OpenCV of its own.
const std::string kRedPixelPng(
    "\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xDE\0\0\0\x0CIDATx\x9C"
    "c\xF8\xCF\xC0\0\0\x03\x01\x01\0\xC9\xFE\x92\xEF\0\0\0\0IEND\xAE\x42\x60\x82",
    69);

TEST(VisionLoader, LoadsTheModuleNamedByTheEnvironment) {
  setenv("MAGRITTE_VISION_MODULE", MAGRITTE_VISION_MODULE_PATH, 1);
  const Api& api = load();
  EXPECT_EQ(&api, &load());  // loaded once
  PreprocessOptions options;
  options.width = options.height = 2;
  options.want_tensor = true;
  options.scaling = Scaling::raw;
  const auto result = api.preprocess(kRedPixelPng, options);
  ASSERT_TRUE(result.status.ok) << result.status.message;
  EXPECT_EQ(result.tensor, (std::vector<float>{255, 0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 0}));
  EXPECT_FALSE(result.jpeg.empty());
}

TEST(VisionLoader, FailureNamesEveryPathTried) {
  // In a fresh child process ("threadsafe" re-executes the test binary): a module loaded
  // by another test would stay loaded.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        setenv("MAGRITTE_VISION_MODULE", "/nonexistent/magritte-vision.so", 1);
        try {
          load();
        } catch (const Error& e) {
          std::cerr << e.what() << "\n" << to_int(e.code());
          std::exit(3);
        }
        std::exit(0);
      },
      testing::ExitedWithCode(3),
      "cannot load the vision module magritte-vision.so; tried:\n  /nonexistent/magritte-vision.so: not found\n"
      ".*magritte-vision.so: not found\n.*lib/magritte/magritte-vision.so: not found\n127");
}

}  // namespace
}  // namespace magritte::vision
