// The emulator killed with SIGKILL (a crash, the OOM killer) at the two moments where a
// half-done state could leak: while a version is CREATING, and between the chunks of a
// resumable upload. After a restart on the same data dir: no torn state file, no half
// object visible, the CREATING version resolved (deployed again: READY, its operation
// done), and the real tools finish what they had started.
// (SIGKILL during a parallel `gsutil -m` upload of many small files: storage_crash_test.)
#include <fstream>
#include <thread>

#include "harness/control_client.hpp"
#include "hardening_support.hpp"

namespace magritte::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Every JSON file of the data dir (ml state, bucket and object metadata, upload sessions)
// parses: atomic writes leave the old or the new content, never a mix.
void expect_no_torn_state(const fs::path& data_dir) {
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(data_dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    const json parsed = json::parse(in, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << entry.path() << " is torn";
    ++files;
  }
  EXPECT_GT(files, 0);
}

class EmulatorCrash : public HardeningTest {
protected:
  std::string version_state(const std::string& version) {
    const CommandResult described = gcloud({"ai-platform", "versions", "describe", version, "--model", "magritte",
                                            "--region", kRegion, "--format=value(state)"});
    EXPECT_TRUE(described.ok()) << described.describe();
    return described.out.substr(0, described.out.find('\n'));
  }
};

TEST_F(EmulatorCrash, SigkillWhileAVersionIsCreatingIsResolvedAtRestart) {
  upload_model("models/mean");
  ASSERT_TRUE(gcloud({"ai-platform", "models", "create", "magritte", "--region", kRegion}).ok());
  hold("version_create");  // CREATING until the crash; holds do not survive a restart
  const CommandResult created = gcloud({"ai-platform", "versions", "create", "v1", "--model", "magritte", "--origin",
                                        "gs://magritte-test/models/mean", "--region", kRegion, "--async",
                                        "--format=value(name)"});
  ASSERT_TRUE(created.ok()) << created.describe();
  const std::string operation = created.out.substr(0, created.out.find('\n'));
  ASSERT_EQ(version_state("v1"), "CREATING");

  stop_emulator(StopMode::sigkill);
  expect_no_torn_state(data_dir());
  start_emulator();

  // Resolved at start (deployed again from its origin), not left CREATING forever.
  EXPECT_EQ(version_state("v1"), "READY");
  const CommandResult done = gcloud({"ai-platform", "operations", "describe", operation, "--region", kRegion,
                                     "--format=value(done)"});
  ASSERT_TRUE(done.ok()) << done.describe();
  EXPECT_EQ(done.out, "True\n");
  // magritte sees a finished deployment, and the version serves.
  const CommandResult deploy = magritte({"deploy"});
  ASSERT_TRUE(deploy.ok()) << deploy.describe();
  EXPECT_TRUE(contains(deploy.err, "already exists with origin gs://magritte-test/models/mean; nothing to do")) << deploy.err;
  write_red_png();
  const CommandResult predicted = magritte({"predict", "red.png", "--top", "1"});
  ASSERT_TRUE(predicted.ok()) << predicted.describe();
  EXPECT_EQ(predicted.out, "red.png\nScore 0.9961, Label red\n");
  expect_no_torn_state(data_dir());
}

TEST_F(EmulatorCrash, SigkillBetweenTheChunksOfAResumableUploadShowsNoHalfObject) {
  // 40 MiB: two 32 MiB chunks (the boto file's json_resumable_chunk_size). The first chunk
  // passes; the second is held until the emulator is killed under it.
  std::string content(40 << 20, '\0');
  for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>((i * 2654435761U) >> 24);
  write_file("big.bin", content);
  inject_fault({{"path", "upload/"}, {"method", "PUT"}, {"mode", "delay"}, {"delay_ms", 0}, {"count", 1}});
  inject_fault({{"path", "upload/"}, {"method", "PUT"}, {"mode", "delay"}, {"delay_ms", 60000}, {"count", 1}});
  const auto since = last_request_seq();
  auto copy = spawn({"gsutil", "-o", "Boto:num_retries=0", "cp", "big.bin", "gs://magritte-test/big.bin"});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  auto first_chunk_stored = [&] {
    for (const json& request : requests_since(since)) {
      if (request.value("method", "") == "PUT" && request.value("status", 0) == 308) return true;
    }
    return false;
  };
  while (!first_chunk_stored() && copy->running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(first_chunk_stored()) << "the first chunk never arrived";
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the second one is on its way
  stop_emulator(StopMode::sigkill);
  if (!copy->wait(std::chrono::seconds(60))) copy->kill_group();
  start_emulator();

  // Half an upload is not an object.
  const RawReply listing = http_get(port(), "/storage/v1/b/magritte-test/o?prefix=big");
  ASSERT_EQ(listing.status, 200) << listing.body;
  EXPECT_TRUE(json::parse(listing.body).value("items", json::array()).empty()) << listing.body;
  expect_no_torn_state(data_dir());

  // The real tool finishes the job (resuming its session or starting over), content intact.
  const CommandResult again = gsutil({"cp", "big.bin", "gs://magritte-test/big.bin"});
  ASSERT_TRUE(again.ok()) << again.describe();
  const RawReply media = http_get(port(), "/storage/v1/b/magritte-test/o/big.bin?alt=media");
  ASSERT_EQ(media.status, 200);
  EXPECT_TRUE(media.body == content) << "the object is not the file (" << media.body.size() << " bytes)";
}

}  // namespace
}  // namespace magritte::e2e
