// docs/ci.md's recipes, run as written: each block between "# ci-test:begin NAME" and
// "# ci-test:end" runs in bash (as GitHub Actions and GitLab CI run a script: -e, pipefail)
// with the packaged magritte first on PATH, in a copy of the fruits example, against the
// emulator. A recipe that drifts from what magritte accepts fails here.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../e2e/harness/emulator_test.hpp"
#include "install_support.hpp"

namespace magritte::e2e {
namespace {

namespace fs = std::filesystem;
using install_test::contains;

// The block's lines, without the indentation of its begin marker (YAML nesting).
std::string recipe(const std::string& name) {
  std::istringstream lines(install_test::read_file(fs::path(MAGRITTE_SOURCE_DIR) / "docs/ci.md"));
  std::string block;
  std::size_t indent = std::string::npos;
  for (std::string line; std::getline(lines, line);) {
    if (indent == std::string::npos) {
      if (contains(line, "# ci-test:begin " + name) && line.ends_with(name)) indent = line.find('#');
      continue;
    }
    if (contains(line, "# ci-test:end")) return block;
    block += (line.size() > indent ? line.substr(indent) : "") + "\n";
  }
  ADD_FAILURE() << "docs/ci.md has no complete block '" << name << "'";
  return "";
}

// A port nobody listens on now (the emulator-service recipe names its port up front).
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), size);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  close(fd);
  return ntohs(address.sin_port);
}

class CiRecipes : public EmulatorTest {
protected:
  std::vector<std::string> initial_buckets() const override { return {"magritte-demo"}; }

  void SetUp() override {
    EmulatorTest::SetUp();
    if (HasFatalFailure()) return;
    const auto example = install_test::installed("share/doc/magritte/examples/fruits");
    for (const char* part : {"magritte.toml", "trainer", "data", "setup.py"}) {
      fs::copy(example / part, work_dir() / part, fs::copy_options::recursive);
    }
    set_environment_variable("PATH", install_test::installed("bin").string() + ":" + environment().at("PATH"));
  }

  CommandResult bash(const Environment& env, const std::string& script) {
    return run_with(env, {"bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script}, 480s);
  }

  nlohmann::json json_file(const std::string& name) {
    return nlohmann::json::parse(read_text(work_dir() / name), nullptr, false);
  }

  static std::vector<std::string> statuses(const nlohmann::json& result) {
    std::vector<std::string> found;
    for (const auto& step : result.value("steps", nlohmann::json::array())) found.push_back(step.value("status", ""));
    return found;
  }
};

TEST_F(CiRecipes, ReleaseJobsReleaseTheCommitThenFindItDoneAndGateOnExitCodes) {
  Environment env = environment();
  env["CI_COMMIT_SHORT_SHA"] = "0d1e2f3a";  // a short hash that starts with a digit
  const CommandResult gitlab = bash(env, recipe("release-gitlab"));
  ASSERT_TRUE(gitlab.ok()) << gitlab.describe();
  EXPECT_TRUE(contains(gitlab.out, "v0d1e2f3a serves")) << gitlab.out;
  const auto first = json_file("release.json");
  EXPECT_EQ(statuses(first), (std::vector<std::string>{"done", "done", "done", "done", "skipped"})) << first.dump();

  const CommandResult github = bash(env, recipe("release-github"));  // the same commit, re-run
  ASSERT_TRUE(github.ok()) << github.describe();
  const auto again = json_file("release.json");  // sync's rsync runs again (and uploads nothing)
  EXPECT_EQ(statuses(again), (std::vector<std::string>{"done", "skipped", "skipped", "skipped", "skipped"}))
      << again.dump();

  env["MAGRITTE_TRAIN_SCALE_TIER"] = "huge";  // a bad config: exit 2, passed on by the gate
  const CommandResult refused = bash(env, recipe("release-gitlab"));
  EXPECT_EQ(refused.exit_code, 2) << refused.describe();
  EXPECT_TRUE(contains(refused.out, "magritte run failed (exit 2)")) << refused.out;
  EXPECT_TRUE(contains(refused.err, "MAGRITTE_TRAIN_SCALE_TIER")) << refused.err;
}

TEST_F(CiRecipes, MakefileTrainsDeploysAndPromotesTheVersion) {
  write_file("Makefile", recipe("makefile"));
  const CommandResult made = run({"make", "release", "VERSION=v2"}, std::nullopt, 480s);
  ASSERT_TRUE(made.ok()) << made.describe();
  const CommandResult versions = magritte({"versions", "--format", "json"});
  ASSERT_TRUE(versions.ok()) << versions.describe();
  const auto listed = nlohmann::json::parse(versions.out, nullptr, false);
  bool deployed = false;
  for (const auto& version : listed.value("versions", nlohmann::json::array())) {
    if (version.value("name", "") == "v2") deployed = version.value("deployed", false);
  }
  EXPECT_TRUE(deployed) << versions.out;
  EXPECT_TRUE(contains(made.err, "magritte promote --version v2") || contains(made.out, "magritte promote --version v2"))
      << made.describe();
}

// The pipeline-test job: its own emulator, started and pointed at by the recipe itself (the
// environment is the scrubbed one, without the test's emulator).
TEST_F(CiRecipes, EmulatorServiceRunsThePipelineTestWithoutACloudProject) {
  Environment env = base_environment();
  env["PATH"] = environment().at("PATH");
  env["MAGRITTE_EMULATOR_PORT"] = std::to_string(free_port());
  env["MAGRITTE_STORAGE_BUCKET"] = "magritte-ci";
  // The job's end stops the emulator the recipe left running in the background.
  const CommandResult job = bash(env, "trap 'kill $(jobs -p) 2>/dev/null; wait' EXIT\n" + recipe("emulator-service"));
  ASSERT_TRUE(job.ok()) << job.describe() << read_text(work_dir() / "emulator.log");
  const auto result = json_file("pipeline-test.json");
  EXPECT_EQ(statuses(result), (std::vector<std::string>{"done", "done", "done", "done", "skipped"})) << result.dump();
  EXPECT_TRUE(contains(read_text(work_dir() / "emulator.log"), "magritte-ci")) << "the recipe's emulator served it";
}

}  // namespace
}  // namespace magritte::e2e
