// `magritte run` end to end on the fruits example (examples/fruits: the real trainer, the
// real images): sync → train --wait → deploy --wait → smoke test → promote, then a second
// run that finds everything done and changes nothing.
#include "release_e2e_support.hpp"

namespace magritte::e2e {
namespace {

class ReleaseRun : public EmulatorTest {
protected:
  std::vector<std::string> initial_buckets() const override { return {"magritte-demo"}; }

  void SetUp() override {
    EmulatorTest::SetUp();
    if (HasFatalFailure()) return;
    const auto example = std::filesystem::path(MAGRITTE_SOURCE_DIR) / "examples" / "fruits";
    for (const char* part : {"magritte.toml", "trainer", "data"}) {
      std::filesystem::copy(example / part, work_dir() / part, std::filesystem::copy_options::recursive);
    }
    std::filesystem::remove_all(work_dir() / "trainer" / "__pycache__");
    set_environment_variable("MAGRITTE_GCLOUD_BACKEND", "ai-platform");  // the legacy backend's loop
  }

  nlohmann::json steps_of(const CommandResult& result) {
    const auto json = nlohmann::json::parse(result.out, nullptr, false);
    EXPECT_TRUE(json.is_object()) << result.describe();
    return json.is_object() ? json["steps"] : nlohmann::json::array();
  }
};

TEST_F(ReleaseRun, RunsTheWholeLoopThenASecondRunSkipsEverything) {
  const CommandResult first = magritte({"--format", "json", "--set", "wait.poll_interval=1", "run"});
  ASSERT_TRUE(first.ok()) << first.describe();
  const auto steps = steps_of(first);
  ASSERT_EQ(steps.size(), 5u) << first.out;
  EXPECT_EQ(steps[1]["status"], "done") << steps.dump();                 // trained
  EXPECT_EQ(steps[2]["status"], "done") << steps.dump();                 // deployed
  EXPECT_EQ(steps[3]["status"], "done") << steps.dump();                 // the apple is an apple
  EXPECT_TRUE(contains(first.err, "smoke test passed on version v1")) << first.err;
  // The first version of a model becomes its default by itself, as on the real service.
  EXPECT_EQ(steps[4]["status"], "skipped") << steps.dump();

  const CommandResult described = gcloud({"ai-platform", "models", "describe", "magritte", "--region", "global",
                                          "--format=value(defaultVersion.name)"});
  EXPECT_TRUE(contains(described.out, "/versions/v1")) << described.describe();
  const CommandResult job = gcloud({"ai-platform", "jobs", "describe", "magritte_v1", "--format=value(state)"});
  EXPECT_EQ(job.out, "SUCCEEDED\n") << job.describe();

  const std::uint64_t seq = last_request_seq();
  const CommandResult second = magritte({"--format", "json", "--set", "wait.poll_interval=1", "pipeline"});
  ASSERT_TRUE(second.ok()) << second.describe();
  const auto again = steps_of(second);
  ASSERT_EQ(again.size(), 5u) << second.out;
  for (std::size_t i = 1; i < again.size(); ++i) EXPECT_EQ(again[i]["status"], "skipped") << again.dump();
  // Nothing was uploaded, submitted, created or switched the second time.
  for (const auto& request : requests_since(seq)) {
    const std::string method = request.value("method", "");
    EXPECT_TRUE(method == "GET" || request.value("path", "").find("entries:list") != std::string::npos ||
                request.value("path", "").find(":predict") != std::string::npos)
        << method << " " << request.value("path", "");
  }
}

}  // namespace
}  // namespace magritte::e2e
