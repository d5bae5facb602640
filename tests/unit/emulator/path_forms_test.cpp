// The path forms of Google's storage client libraries, rewritten to the routes' form.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "emulator/storage/path_forms.hpp"
#include "emulator/url.hpp"

namespace magritte::emulator::storage {
namespace {

struct Rewritten {
  bool changed;
  std::string raw_path;
  std::string path;
};

// Every first segment in `buckets` is a bucket the XML-style form may read.
Rewritten rewrite(const std::string& method, const std::string& raw_path,
                  std::vector<std::string> buckets = {"bucket"}) {
  Request request;
  request.method = method;
  request.raw_path = raw_path;
  request.path = percent_decode(raw_path);
  const bool changed = canonicalize_storage_path(request, [&](std::string_view name) {
    return std::find(buckets.begin(), buckets.end(), name) != buckets.end();
  });
  return {changed, request.raw_path, request.path};
}

TEST(StoragePathForms, JsonApiAtTheRootGetsItsVersionPrefix) {  // Node.js
  const Rewritten object = rewrite("GET", "/b/bucket/o/dir%2Fa%20b.txt");
  EXPECT_TRUE(object.changed);
  EXPECT_EQ(object.raw_path, "/storage/v1/b/bucket/o/dir%2Fa%20b.txt");
  EXPECT_EQ(object.path, "/storage/v1/b/bucket/o/dir/a b.txt");
  EXPECT_EQ(rewrite("GET", "/b").raw_path, "/storage/v1/b");
  EXPECT_EQ(rewrite("POST", "/b/bucket/o/a/rewriteTo/b/other/o/c").raw_path,
            "/storage/v1/b/bucket/o/a/rewriteTo/b/other/o/c");
  EXPECT_EQ(rewrite("DELETE", "/b/bucket").raw_path, "/storage/v1/b/bucket");
}

TEST(StoragePathForms, RoutesFormsStayAsTheyAre) {  // Python, Go, Java, gcloud, gsutil
  for (const char* path : {"/storage/v1/b/bucket/o", "/upload/storage/v1/b/bucket/o",
                           "/download/storage/v1/b/bucket/o/x", "/resumable/upload/storage/v1/b/bucket/o",
                           "/v1/projects/p/models", "/bucket", "/bucket/", "/", "/bx/y"}) {
    for (const char* method : {"GET", "POST", "PUT"}) {
      const Rewritten same = rewrite(method, path);
      EXPECT_FALSE(same.changed) << method << " " << path;
      EXPECT_EQ(same.raw_path, path);
    }
  }
}

TEST(StoragePathForms, XmlStyleReadsOfAnExistingBucketBecomeDownloads) {  // Go's reader, Node's isPublic
  const Rewritten read = rewrite("GET", "/bucket/dir/a%20b.txt");
  EXPECT_TRUE(read.changed);
  EXPECT_EQ(read.raw_path, "/download/storage/v1/b/bucket/o/dir/a%20b.txt");
  EXPECT_EQ(read.path, "/download/storage/v1/b/bucket/o/dir/a b.txt");
  EXPECT_EQ(rewrite("HEAD", "/bucket/x").path, "/download/storage/v1/b/bucket/o/x");
  EXPECT_FALSE(rewrite("GET", "/elsewhere/x").changed);  // not a bucket (or another API's path)
  EXPECT_FALSE(rewrite("PUT", "/bucket/x").changed);     // XML writes are not served
  EXPECT_FALSE(rewrite("DELETE", "/bucket/x").changed);
}

}  // namespace
}  // namespace magritte::emulator::storage
