// Golden tests: each directory under tests/golden/cases/ is one run of the magritte binary
// and its expected outcome, like CMake's RunCMake cases:
//   args        one argv element per line (@SOURCE_DIR@ = the repository root)
//   env         optional VAR=value lines; the environment is otherwise empty but for PATH/HOME
//   cwd/        optional files copied into the (temporary) working directory
//   stdout      expected stdout, exactly
//   stderr      optional: expected stderr, exactly
// In the actual output, the repository root reads @SOURCE_DIR@ and the working directory @CWD@;
// the build's commit, its date and the build type (magritte --version) @COMMIT@, @COMMIT_DATE@, @BUILD_TYPE@.
//   exit_code   optional: expected exit status (default 0)
// MAGRITTE_UPDATE_GOLDEN=1 rewrites stdout/stderr/exit_code from the actual run.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kCases = fs::path(MAGRITTE_SOURCE_DIR) / "tests/golden/cases";

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string expand(std::string text) {
  const std::string placeholder = "@SOURCE_DIR@";
  for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder)) {
    text.replace(at, placeholder.size(), MAGRITTE_SOURCE_DIR);
  }
  return text;
}

// What `magritte --version` says of the build (the commit changes at every commit) as it
// prints it, and the placeholders the expected files have instead.
std::vector<std::pair<std::string, std::string>> build_info_replacements() {
  magritte::testing::TempDir home;
  const auto result = magritte::testing::run_process(
      MAGRITTE_BINARY, {"--version", "--format", "json"}, {{"HOME", home.path().string()}}, home.path());
  const auto info = nlohmann::json::parse(result.out, nullptr, false);
  if (!info.is_object()) return {};
  std::vector<std::pair<std::string, std::string>> replacements;
  for (const char* key : {"commit", "commit_date", "build_type"}) {
    const std::string value = info.value(key, "");
    std::string placeholder = std::string("@") + key + "@";
    for (auto& c : placeholder) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    replacements.emplace_back("\"" + std::string(key) + "\":\"" + value + "\"", "\"" + std::string(key) + "\":\"" + placeholder + "\"");
  }
  replacements.emplace_back("\ncommit: " + info.value("commit", "") + "\n", "\ncommit: @COMMIT@\n");
  replacements.emplace_back("\nbuild type: " + info.value("build_type", "") + "\n", "\nbuild type: @BUILD_TYPE@\n");
  return replacements;
}

// Machine-specific paths in the output become placeholders, so the expected files hold
// on every checkout; so do the build's commit and type.
std::string normalize(std::string text, const fs::path& cwd) {
  static const auto build_info = build_info_replacements();
  std::vector<std::pair<std::string, std::string>> replacements = {
      {cwd.string(), "@CWD@"}, {MAGRITTE_SOURCE_DIR, "@SOURCE_DIR@"}};
  replacements.insert(replacements.end(), build_info.begin(), build_info.end());
  for (const auto& [from, to] : replacements) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
  }
  return text;
}

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kCases)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, Matches) {
  const auto dir = kCases / GetParam();
  magritte::testing::TempDir home;
  magritte::testing::TempDir work;
  if (fs::exists(dir / "cwd")) fs::copy(dir / "cwd", work.path(), fs::copy_options::recursive);

  std::vector<std::string> args;
  for (const auto& line : lines_of(slurp(dir / "args"))) args.push_back(expand(line));
  std::map<std::string, std::string> env = {{"PATH", std::getenv("PATH")},
                                            {"HOME", home.path().string()}};
  if (fs::exists(dir / "env")) {
    for (const auto& line : lines_of(slurp(dir / "env"))) {
      const auto eq = line.find('=');
      if (eq != std::string::npos) env[line.substr(0, eq)] = expand(line.substr(eq + 1));
    }
  }

  auto result = magritte::testing::run_process(MAGRITTE_BINARY, args, env, work.path());
  result.out = normalize(result.out, work.path());
  result.err = normalize(result.err, work.path());
  ASSERT_EQ(result.signal, 0) << "magritte crashed\n" << result.err;
  // Exit statuses can look fine while magritte died badly: an uncaught exception, an
  // internal error (exit 70: a bug, whatever the case expects) or a sanitizer report.
  for (const char* crash : {"terminate called", "AddressSanitizer", "LeakSanitizer", "runtime error:",
                            "magritte: error: internal error"}) {
    ASSERT_EQ(result.err.find(crash), std::string::npos) << result.err;
  }

  if (std::getenv("MAGRITTE_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(dir / "stdout", std::ios::binary) << result.out;
    if (fs::exists(dir / "stderr") || !result.err.empty()) {
      std::ofstream(dir / "stderr", std::ios::binary) << result.err;
    }
    std::ofstream(dir / "exit_code") << result.exit_code << '\n';
    return;
  }
  const int expected_code = fs::exists(dir / "exit_code") ? std::stoi(slurp(dir / "exit_code")) : 0;
  EXPECT_EQ(result.exit_code, expected_code) << "stderr:\n" << result.err;
  EXPECT_EQ(result.out, slurp(dir / "stdout"));
  if (fs::exists(dir / "stderr")) {
    EXPECT_EQ(result.err, slurp(dir / "stderr"));
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, ::testing::ValuesIn(case_names()),
                         [](const auto& test_case) { return test_case.param; });

}  // namespace
