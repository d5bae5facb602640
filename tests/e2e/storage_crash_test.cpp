// The emulator killed with SIGKILL in the middle of a parallel upload restarts with a
// consistent bucket: every object it lists has exactly the content of its file (no half
// objects), and rsync then completes the set.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "harness/control_client.hpp"
#include "harness/emulator_test.hpp"

namespace magritte::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kFiles = 80;

std::string content_of(int index) {
  // Sizes from 1 KiB to ~100 KiB so that some uploads are in flight when the kill comes.
  return std::string(1024 + (index * 7919) % (100 * 1024), static_cast<char>('a' + index % 26));
}

// Object names here are "data/fN.bin": only the slash needs escaping in a URL path.
std::string object_path(const std::string& name) {
  const auto slash = name.find('/');
  return "/storage/v1/b/magritte-test/o/" + name.substr(0, slash) + "%2F" + name.substr(slash + 1);
}

class StorageCrash : public EmulatorTest {};

TEST_F(StorageCrash, SigkillDuringParallelUploadsLeavesNoHalfObjects) {
  for (int i = 0; i < kFiles; ++i) write_file("data/f" + std::to_string(i) + ".bin", content_of(i));
  const std::uint64_t seq = last_request_seq();
  // No retries: gsutil would otherwise wait out the restart and finish the job.
  auto upload = spawn({"gsutil", "-o", "Boto:num_retries=0", "-m", "rsync", "-r", "data", "gs://magritte-test/data/"});
  // Kill once some uploads went through and others are under way.
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (uploads_since(seq).size() < 10 && upload->running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  stop_emulator(StopMode::sigkill);
  // gsutil -m fails every remaining file at once, but its worker pool sometimes hangs after
  // that (gsutil's own behaviour, not the emulator's): give it a while, then kill the group.
  if (!upload->wait(30s)) {
    std::cerr << "e2e: gsutil -m hung after the emulator died; killing its process group\n";
    upload->kill_group();
  }
  start_emulator();

  // What survived is whole: each listed object's bytes are its file's bytes.
  const RawReply listing = http_get(port(), "/storage/v1/b/magritte-test/o?prefix=data/");
  ASSERT_EQ(listing.status, 200) << listing.body;
  const json items = json::parse(listing.body).value("items", json::array());
  EXPECT_LT(items.size(), static_cast<std::size_t>(kFiles)) << "the kill came too late to test anything";
  for (const json& item : items) {
    const std::string name = item["name"];
    const int index = std::stoi(name.substr(std::string("data/f").size()));
    const RawReply media = http_get(port(), object_path(name) + "?alt=media");
    EXPECT_EQ(media.status, 200) << name;
    EXPECT_TRUE(media.body == content_of(index)) << name << " is not the file's content";
    EXPECT_EQ(item["size"], std::to_string(content_of(index).size())) << name;
  }

  // And the next rsync completes the set.
  const CommandResult again = gsutil({"-m", "rsync", "-r", "data", "gs://magritte-test/data/"});
  ASSERT_TRUE(again.ok()) << again.describe();
  const RawReply full = http_get(port(), "/storage/v1/b/magritte-test/o?prefix=data/");
  EXPECT_EQ(json::parse(full.body).value("items", json::array()).size(), static_cast<std::size_t>(kFiles));
}

}  // namespace
}  // namespace magritte::e2e
