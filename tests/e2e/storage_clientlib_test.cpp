// Google's official Node.js Cloud Storage library (@google-cloud/storage, installed by
// scripts/install-deps into tests/clientlibs/node_modules) configured only by what
// `magritte emulator env` exports, as a user's program is: tests/clientlibs/storage_client_test.mjs
// uploads (simple, resumable in chunks, resumable in one request), lists with a delimiter,
// downloads, checks hashes, generations and preconditions, deletes.
#include <set>

#include "harness/emulator_test.hpp"

namespace magritte::e2e {
namespace {

using nlohmann::json;

class StorageClientLibrary : public EmulatorTest {};

TEST_F(StorageClientLibrary, WorksWithTheEnvironmentEmulatorEnvExports) {
  const std::filesystem::path clientlibs = std::filesystem::path(MAGRITTE_SOURCE_DIR) / "tests" / "clientlibs";
  if (!std::filesystem::exists(clientlibs / "node_modules" / "@google-cloud" / "storage")) {
    FAIL() << "run scripts/install-deps (npm ci in tests/clientlibs) first";
  }
  const std::uint64_t seq = last_request_seq();
  const std::string script = "eval \"$(\"$0\" emulator env --port " + std::to_string(port()) +
                             " --data-dir \"$1\")\" && exec node \"$2\" magritte-test \"$3\"";
  const CommandResult node =
      run_with(base_environment(), {"/bin/bash", "-c", script, magritte_binary(), data_dir().string(),
                                    (clientlibs / "storage_client_test.mjs").string(), work_dir().string()});
  ASSERT_TRUE(node.ok()) << node.describe();
  const json seen = json::parse(node.out);

  EXPECT_EQ(seen["listed"], json({"data/chunked.bin", "data/local.bin"}));
  EXPECT_EQ(seen["prefixes"], json({"data/dir/"}));
  EXPECT_EQ(seen["downloads"]["data/local.bin"], 3 * 1024 * 1024 + 5);
  EXPECT_EQ(seen["downloads"]["data/chunked.bin"], 600 * 1024 + 7);
  EXPECT_EQ(seen["contentType"], "text/plain");
  EXPECT_EQ(seen["userMetadata"], json({{"origin", "node"}}));
  EXPECT_EQ(seen["isPublic"], true);  // no ACLs here: every object is readable
  EXPECT_EQ(seen["generationIncreased"], true);
  EXPECT_EQ(seen["staleWrite"], 412);
  EXPECT_EQ(seen["staleResumableWrite"], 412);
  EXPECT_EQ(seen["staleDelete"], 412);
  EXPECT_EQ(seen["oldGeneration"], 404);  // no object versioning: only the live generation
  EXPECT_EQ(seen["existsAfterDelete"], false);
  EXPECT_EQ(seen["metadataAfterDelete"], 404);
  EXPECT_EQ(seen["downloadAfterDelete"], 404);
  EXPECT_EQ(seen["missingBucket"], 404);

  // The hashes the library checked against its own computation, confirmed by gcloud.
  const CommandResult described =
      gcloud({"storage", "objects", "describe", "gs://magritte-test/data/local.bin", "--format=json"});
  ASSERT_TRUE(described.ok()) << described.describe();
  const json object = json::parse(described.out);
  EXPECT_EQ(seen["hashes"]["data/local.bin"]["md5Hash"], object.value("md5_hash", object.value("md5Hash", "")));
  EXPECT_EQ(seen["hashes"]["data/local.bin"]["crc32c"], object.value("crc32c_hash", object.value("crc32c", "")));

  // The path forms the library used, as the request log recorded them (as sent).
  std::set<std::string> forms;
  for (const json& request : requests_since(seq)) {
    const std::string method = request.value("method", "");
    const std::string path = request.value("path", "");
    const std::string query = request.value("query", "");
    if (path.rfind("/b/magritte-test/o", 0) == 0) forms.insert(method + " json-at-root");
    if (path == "/upload/storage/v1/b/magritte-test/o" && query.find("uploadType=multipart") != std::string::npos) {
      forms.insert(method + " multipart");
    }
    if (path == "/upload/storage/v1/b/magritte-test/o" && query.find("upload_id=") != std::string::npos) {
      forms.insert(method + " resumable-session");
    }
    if (path == "/magritte-test/data/dir/é 1.txt") forms.insert(method + " xml-read");
  }
  EXPECT_EQ(forms, std::set<std::string>({"GET json-at-root", "DELETE json-at-root", "POST multipart",
                                          "PUT resumable-session", "GET xml-read"}))
      << emulator_log();
}

}  // namespace
}  // namespace magritte::e2e
