// The storage JSON API in process: requests shaped like gsutil's and gcloud's, through the
// Router, over a real DiskStorage in a temp dir.
#include <gtest/gtest.h>

#include "emulator/storage/checksums.hpp"
#include "magritte/base64.hpp"
#include "emulator/storage/storage_service.hpp"
#include "emulator/url.hpp"
#include "support/process.hpp"

namespace magritte::emulator::storage {
namespace {

using nlohmann::json;

class StorageServiceTest : public ::testing::Test {
protected:
  StorageServiceTest()
      : storage_(dir_.path() / "storage"), uploads_(dir_.path() / "uploads"), service_(storage_, uploads_) {
    service_.add_routes(router_);
    storage_.create_bucket("bucket", json::object());
  }

  Response call(const std::string& method, const std::string& target, const std::string& body = "",
                Headers headers = {}) {
    Request request;
    request.method = method;
    request.host = "storage.emulator.test";
    request.headers = std::move(headers);
    request.headers["Host"] = "storage.emulator.test";
    const auto question = target.find('?');
    request.raw_path = target.substr(0, question);
    request.path = percent_decode(request.raw_path);
    request.raw_query = question == std::string::npos ? "" : target.substr(question + 1);
    request.query = parse_query(request.raw_query);
    request.body = body;
    return router_.dispatch(request);
  }

  json call_json(const std::string& method, const std::string& target, const std::string& body = "",
                 Headers headers = {}, int expected = 200) {
    const Response response = call(method, target, body, std::move(headers));
    EXPECT_EQ(response.status, expected) << response.body;
    return response.body.empty() ? json() : json::parse(response.body);
  }

  json multipart_upload(const std::string& name, const std::string& data, const json& resource) {
    const std::string body = "--===============7==\nContent-Type: application/json\nMIME-Version: 1.0\n\n" +
                             resource.dump() + "\n--===============7==\nContent-Type: text/plain\n\n" + data +
                             "\n--===============7==--";
    return call_json("POST", "/upload/storage/v1/b/bucket/o?alt=json&uploadType=multipart&name=" + percent_encode(name),
                     body, {{"Content-Type", "multipart/related; boundary='===============7=='"}});
  }

  magritte::testing::TempDir dir_;
  DiskStorage storage_;
  ResumableUploads uploads_;
  StorageService service_;
  Router router_;
};

TEST_F(StorageServiceTest, MultipartUploadAnswersWhatRsyncChecks) {
  const json object = multipart_upload("data/é 1.txt", "hello", {{"metadata", {{"goog-reserved-file-mtime", "17"}}}});
  EXPECT_EQ(object["name"], "data/é 1.txt");
  EXPECT_EQ(object["bucket"], "bucket");
  EXPECT_EQ(object["size"], "5");
  EXPECT_EQ(object["md5Hash"], md5_base64("hello"));
  EXPECT_EQ(object["crc32c"], crc32c_base64(crc32c("hello")));
  EXPECT_EQ(object["contentType"], "text/plain");
  EXPECT_EQ(object["metadata"]["goog-reserved-file-mtime"], "17");
  EXPECT_TRUE(base64_decode(object["etag"].get<std::string>()));
  EXPECT_TRUE(object["generation"].is_string());
}

TEST_F(StorageServiceTest, DeclaredWrongHashIsRefused) {
  const Response response = call("POST", "/upload/storage/v1/b/bucket/o?uploadType=multipart&name=x",
                                 "--b\n\n{\"md5Hash\": \"AAAAAAAAAAAAAAAAAAAAAA==\"}\n--b\n\nhello\n--b--",
                                 {{"Content-Type", "multipart/related; boundary=b"}});
  EXPECT_EQ(response.status, 400);
  EXPECT_FALSE(storage_.get("bucket", "x"));
}

TEST_F(StorageServiceTest, SimpleUploadGetAndMediaWithRange) {
  call_json("POST", "/upload/storage/v1/b/bucket/o?uploadType=media&name=a%2Fb", "0123456789",
            {{"Content-Type", "application/x-thing"}});
  const json object = call_json("GET", "/storage/v1/b/bucket/o/a%2Fb?alt=json");
  EXPECT_EQ(object["contentType"], "application/x-thing");
  const Response media = call("GET", "/storage/v1/b/bucket/o/a%2Fb?alt=media");
  EXPECT_EQ(media.body, "0123456789");
  EXPECT_EQ(media.headers.at("X-Goog-Hash"), "crc32c=" + object["crc32c"].get<std::string>() + ",md5=" +
                                                 object["md5Hash"].get<std::string>());
  const Response part = call("GET", "/download/storage/v1/b/bucket/o/a%2Fb?alt=media", "", {{"Range", "bytes=2-4"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, "234");
  EXPECT_EQ(part.headers.at("Content-Range"), "bytes 2-4/10");
  EXPECT_EQ(call("GET", "/storage/v1/b/bucket/o/a%2Fb?alt=media", "", {{"Range", "bytes=-3"}}).body, "789");
}

TEST_F(StorageServiceTest, ResumableUploadInChunksAndStatusQuery) {
  const Response start = call("POST", "/resumable/upload/storage/v1/b/bucket/o?alt=json&uploadType=resumable&name=big",
                              "{\"size\": \"10\"}", {{"X-Upload-Content-Length", "10"}});
  ASSERT_EQ(start.status, 200) << start.body;
  const std::string location = start.headers.at("Location");
  ASSERT_EQ(location.rfind("http://storage.emulator.test/resumable/upload/storage/v1/b/bucket/o?", 0), 0u) << location;
  const std::string target = location.substr(std::string("http://storage.emulator.test").size());

  Response chunk = call("PUT", target, "01234", {{"Content-Range", "bytes 0-4/*"}});
  EXPECT_EQ(chunk.status, 308);
  EXPECT_EQ(chunk.headers.at("Range"), "bytes=0-4");
  EXPECT_EQ(chunk.headers.count("Location"), 0u);
  const Response status = call("PUT", target, "", {{"Content-Range", "bytes */10"}});
  EXPECT_EQ(status.status, 308);
  EXPECT_EQ(status.headers.at("Range"), "bytes=0-4");
  // A retried chunk overlapping what arrived is accepted; the overlap is not duplicated.
  const json object = call_json("PUT", target, "3456789", {{"Content-Range", "bytes 3-9/10"}});
  EXPECT_EQ(object["size"], "10");
  EXPECT_EQ(storage_.read("bucket", "big"), "0123456789");
  EXPECT_EQ(call("PUT", target, "", {{"Content-Range", "bytes */10"}}).status, 404);  // session closed
}

// Node.js's single-request resumable upload: "bytes 0-*/*" (size unknown) or "bytes 0-*/N".
TEST_F(StorageServiceTest, ResumableOpenEndedRangeIsTheWholeRestOfTheObject) {
  for (const char* range : {"bytes 0-*/*", "bytes 0-*/10"}) {
    const Response start = call("POST", "/upload/storage/v1/b/bucket/o?uploadType=resumable&name=whole", "{}");
    ASSERT_EQ(start.status, 200) << start.body;
    const std::string target = start.headers.at("Location").substr(std::string("http://storage.emulator.test").size());
    const json object = call_json("PUT", target, "0123456789", {{"Content-Range", range}});
    EXPECT_EQ(object["size"], "10") << range;
    EXPECT_EQ(storage_.read("bucket", "whole"), "0123456789") << range;
  }
  const Response start = call("POST", "/upload/storage/v1/b/bucket/o?uploadType=resumable&name=empty", "{}");
  const std::string target = start.headers.at("Location").substr(std::string("http://storage.emulator.test").size());
  EXPECT_EQ(call_json("PUT", target, "", {{"Content-Range", "bytes 0-*/*"}})["size"], "0");
}

// The Node.js library states the hashes of the whole object on a resumable upload's last request.
TEST_F(StorageServiceTest, ResumableLastRequestHashHeaderIsChecked) {
  auto upload = [&](const std::string& name, const std::string& hashes) {
    const Response start = call("POST", "/upload/storage/v1/b/bucket/o?uploadType=resumable&name=" + name, "{}");
    const std::string target = start.headers.at("Location").substr(std::string("http://storage.emulator.test").size());
    return call("PUT", target, "hello", {{"Content-Range", "bytes 0-4/5"}, {"X-Goog-Hash", hashes}});
  };
  const std::string good = "crc32c=" + crc32c_base64(crc32c("hello")) + ",md5=" + md5_base64("hello");
  EXPECT_EQ(upload("good", good).status, 200);
  const Response bad = upload("bad", "crc32c=AAAAAA==,md5=" + md5_base64("hello"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("CRC32C"), std::string::npos) << bad.body;
  EXPECT_FALSE(storage_.get("bucket", "bad"));
}

TEST(ContentRange, OpenEndedAndMalformed) {
  const auto open = parse_content_range("bytes 5-*/*");
  ASSERT_TRUE(open);
  EXPECT_TRUE(open->open_ended());
  EXPECT_EQ(open->first, 5);
  EXPECT_FALSE(open->total);
  EXPECT_FALSE(parse_content_range("bytes 0-9/*")->open_ended());
  EXPECT_FALSE(parse_content_range("bytes */*")->open_ended());
  EXPECT_FALSE(parse_content_range("bytes *-9/10"));
  EXPECT_FALSE(parse_content_range("bytes 0-x/10"));
}

TEST_F(StorageServiceTest, ResumableToAMissingBucketFailsAtTheStart) {
  EXPECT_EQ(call("POST", "/upload/storage/v1/b/nope/o?uploadType=resumable&name=x", "{}").status, 404);
}

TEST_F(StorageServiceTest, ListWithDelimiterAndPagination) {
  for (const char* name : {"p/a", "p/b", "p/sub/c", "q"}) multipart_upload(name, "x", json::object());
  const json page = call_json("GET", "/storage/v1/b/bucket/o?prefix=p%2F&delimiter=%2F");
  ASSERT_EQ(page["items"].size(), 2u);
  EXPECT_EQ(page["prefixes"], json::array({"p/sub/"}));
  json first = call_json("GET", "/storage/v1/b/bucket/o?maxResults=3");
  EXPECT_EQ(first["items"].size(), 3u);
  const json second = call_json("GET", "/storage/v1/b/bucket/o?maxResults=3&pageToken=" +
                                           percent_encode(first["nextPageToken"].get<std::string>()));
  ASSERT_EQ(second["items"].size(), 1u);
  EXPECT_EQ(second["items"][0]["name"], "q");
  EXPECT_FALSE(second.contains("nextPageToken"));
}

TEST_F(StorageServiceTest, ErrorsCarryTheReasonClientsRead) {
  const json missing = call_json("GET", "/storage/v1/b/bucket/o/none", "", {}, 404);
  EXPECT_EQ(missing["error"]["errors"][0]["reason"], "notFound");
  const json no_bucket = call_json("GET", "/storage/v1/b/nope/o", "", {}, 404);
  EXPECT_EQ(no_bucket["error"]["code"], 404);
  const json escape = call_json("POST", "/upload/storage/v1/b/bucket/o?uploadType=media&name=..%2F..%2Fx", "x", {}, 400);
  EXPECT_NE(escape["error"]["message"].get<std::string>().find(".."), std::string::npos);
  const json conflict = call_json("POST", "/storage/v1/b?project=p", "{\"name\": \"bucket\"}", {}, 409);
  EXPECT_EQ(conflict["error"]["errors"][0]["reason"], "conflict");
}

TEST_F(StorageServiceTest, DeleteWithGenerationAndPatch) {
  const json object = multipart_upload("x", "1", json::object());
  const json patched = call_json("PATCH", "/storage/v1/b/bucket/o/x", "{\"metadata\": {\"k\": \"v\"}}");
  EXPECT_EQ(patched["metadata"]["k"], "v");
  EXPECT_EQ(patched["metageneration"], "2");
  EXPECT_EQ(call("DELETE", "/storage/v1/b/bucket/o/x?generation=1").status, 404);
  const Response deleted = call("DELETE", "/storage/v1/b/bucket/o/x?generation=" + object["generation"].get<std::string>());
  EXPECT_EQ(deleted.status, 204);
  EXPECT_FALSE(storage_.get("bucket", "x"));
}

TEST_F(StorageServiceTest, BucketsInsertGetList) {
  const json created = call_json("POST", "/storage/v1/b?project=p", "{\"name\": \"fresh\", \"location\": \"europe-west1\"}");
  EXPECT_EQ(created["location"], "EUROPE-WEST1");
  EXPECT_EQ(call_json("GET", "/storage/v1/b/fresh")["name"], "fresh");
  EXPECT_EQ(call_json("GET", "/storage/v1/b?project=p")["items"].size(), 2u);
  EXPECT_EQ(call("DELETE", "/storage/v1/b/fresh").status, 204);
}

TEST_F(StorageServiceTest, RewriteAndCopyBetweenBuckets) {
  storage_.create_bucket("dest", json::object());
  multipart_upload("a/src", "payload", {{"metadata", {{"m", "1"}}}});
  const json rewrite = call_json("POST", "/storage/v1/b/bucket/o/a%2Fsrc/rewriteTo/b/dest/o/b%2Fdst");
  EXPECT_EQ(rewrite["done"], true);
  EXPECT_EQ(rewrite["resource"]["name"], "b/dst");
  EXPECT_EQ(storage_.read("dest", "b/dst"), "payload");
  EXPECT_EQ(storage_.get("dest", "b/dst")->metadata.at("m"), "1");
  call_json("POST", "/storage/v1/b/bucket/o/a%2Fsrc/copyTo/b/dest/o/c");
  EXPECT_EQ(storage_.read("dest", "c"), "payload");
}

}  // namespace
}  // namespace magritte::emulator::storage
