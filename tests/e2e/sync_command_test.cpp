// `magritte sync` through both engines (gsutil, gcloud storage) against the emulator, with
// gsutil as the independent observer and the request log as the proof of "nothing uploaded".
#include <set>
#include <sstream>

#include "harness/emulator_test.hpp"

namespace magritte::e2e {
namespace {

class SyncCommand : public EmulatorTest, public ::testing::WithParamInterface<const char*> {
protected:
  CommandResult sync() {
    return magritte({"sync", "images", "--set", "storage.bucket=magritte-test", "--set",
                     "storage.data_path=data/fruits/", "--set", std::string("storage.engine=") + GetParam()});
  }
};

TEST_P(SyncCommand, UploadsOnceThenNothing) {
  write_file("images/apple/1.jpg", "not really a jpeg");
  write_file("images/apple/2 copy.jpg", "another");
  write_file("images/pêche/1.jpg", "peach");
  std::uint64_t seq = last_request_seq();
  const CommandResult first = sync();
  ASSERT_TRUE(first.ok()) << first.describe();
  EXPECT_EQ(uploads_since(seq).size(), 3u);

  const CommandResult listed = gsutil({"ls", "gs://magritte-test/data/fruits/**"});
  ASSERT_TRUE(listed.ok()) << listed.describe();
  std::set<std::string> lines;
  std::istringstream stream(listed.out);
  for (std::string line; std::getline(stream, line);) lines.insert(line);
  EXPECT_EQ(lines, (std::set<std::string>{"gs://magritte-test/data/fruits/apple/1.jpg",
                                          "gs://magritte-test/data/fruits/apple/2 copy.jpg",
                                          "gs://magritte-test/data/fruits/pêche/1.jpg"}));

  seq = last_request_seq();
  const CommandResult second = sync();
  ASSERT_TRUE(second.ok()) << second.describe();
  EXPECT_TRUE(uploads_since(seq).empty()) << "the second sync uploaded again";
}

INSTANTIATE_TEST_SUITE_P(Engines, SyncCommand, ::testing::Values("gsutil", "gcloud-storage"),
                         [](const auto& param_info) {
                           return std::string(param_info.param) == "gsutil" ? "gsutil" : "gcloud_storage";
                         });

}  // namespace
}  // namespace magritte::e2e
