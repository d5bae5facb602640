// gcloud storage / gsutil commands beyond rsync: buckets, cp (simple, resumable, between
// buckets), rm, as training-package staging and users' scripts run them.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/emulator_test.hpp"

namespace magritte::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class StorageCommands : public EmulatorTest {};

TEST_F(StorageCommands, BucketsCreateListCopyBetweenBucketsAndDelete) {
  const CommandResult create = gcloud({"storage", "buckets", "create", "gs://fresh-bucket", "--location", "europe-west1"});
  ASSERT_TRUE(create.ok()) << create.describe();
  const CommandResult buckets = gcloud({"storage", "ls"});
  ASSERT_TRUE(buckets.ok()) << buckets.describe();
  EXPECT_NE(buckets.out.find("gs://fresh-bucket/"), std::string::npos) << buckets.out;
  EXPECT_NE(buckets.out.find("gs://magritte-test/"), std::string::npos) << buckets.out;
  const CommandResult again = gcloud({"storage", "buckets", "create", "gs://fresh-bucket"});
  EXPECT_EQ(again.exit_code, 1) << again.describe();

  write_file("note.txt", "copied around\n");
  ASSERT_TRUE(gcloud({"storage", "cp", "note.txt", "gs://fresh-bucket/in/note.txt"}).ok());
  const CommandResult copy = gcloud({"storage", "cp", "gs://fresh-bucket/in/note.txt", "gs://magritte-test/out/note.txt"});
  ASSERT_TRUE(copy.ok()) << copy.describe();
  const CommandResult download = gsutil({"cp", "gs://magritte-test/out/note.txt", "back.txt"});
  ASSERT_TRUE(download.ok()) << download.describe();
  EXPECT_EQ(read_text(work_dir() / "back.txt"), "copied around\n");

  const CommandResult remove = gcloud({"storage", "rm", "gs://fresh-bucket/in/note.txt"});
  ASSERT_TRUE(remove.ok()) << remove.describe();
  const CommandResult gone = gsutil({"ls", "gs://fresh-bucket/"});
  EXPECT_TRUE(gone.out.empty()) << gone.describe();
}

TEST_F(StorageCommands, LargeFilesTakeTheResumablePathAndArriveIntact) {
  std::string big(9 * 1024 * 1024 + 123, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 2654435761u) >> 13);
  write_file("big.bin", big);
  const std::uint64_t seq = last_request_seq();
  ASSERT_TRUE(gcloud({"storage", "cp", "big.bin", "gs://magritte-test/gcloud/big.bin"}).ok());
  ASSERT_TRUE(gsutil({"cp", "big.bin", "gs://magritte-test/gsutil/big.bin"}).ok());
  int resumable = 0;
  for (const json& upload : uploads_since(seq)) {
    if (upload["query"].get<std::string>().find("upload_id=") != std::string::npos) ++resumable;
  }
  EXPECT_GE(resumable, 2) << "expected both CLIs to PUT to a resumable session";
  for (const char* object : {"gs://magritte-test/gcloud/big.bin", "gs://magritte-test/gsutil/big.bin"}) {
    fs::remove(work_dir() / "copy.bin");
    const CommandResult download = gcloud({"storage", "cp", object, "copy.bin"});
    ASSERT_TRUE(download.ok()) << download.describe();
    EXPECT_TRUE(read_text(work_dir() / "copy.bin") == big) << object << " came back different";
  }
}

TEST_F(StorageCommands, ObjectNamesThatEscapeAreRefusedWithAClearMessage) {
  write_file("x.txt", "x");
  const CommandResult result = gcloud({"storage", "cp", "x.txt", "gs://magritte-test/a/../../etc/passwd"});
  EXPECT_NE(result.exit_code, 0) << result.describe();
  EXPECT_NE(result.err.find("'..' segment"), std::string::npos) << result.describe();
  EXPECT_FALSE(fs::exists(data_dir() / "etc"));
}

}  // namespace
}  // namespace magritte::e2e
