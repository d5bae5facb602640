#include <gtest/gtest.h>

#include "emulator/router.hpp"

namespace magritte::emulator {
namespace {

Request make_request(std::string method, std::string path) {
  Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  return request;
}

Handler tag(std::string name) {
  return [name](Request& request) {
    Response response;
    response.body = name;
    for (const auto& [key, value] : request.params) response.body += " " + key + "=" + value;
    return response;
  };
}

TEST(Router, MatchesLiteralAndParameterSegments) {
  Router router;
  router.add("GET", "/v1/projects/{project}/models/{model}", tag("model"));
  Request request = make_request("GET", "/v1/projects/p1/models/m1");
  EXPECT_EQ(router.dispatch(request).body, "model model=m1 project=p1");
}

TEST(Router, RestParameterKeepsSlashesAndEmptySegments) {
  Router router;
  router.add("GET", "/storage/v1/b/{bucket}/o/{object+}", tag("object"));
  Request request = make_request("GET", "/storage/v1/b/b1/o/dir//sub/file name.txt");
  EXPECT_EQ(router.dispatch(request).body, "object bucket=b1 object=dir//sub/file name.txt");
}

TEST(Router, VerbSuffixBeatsPlainParameterWhateverTheOrder) {
  Router router;
  router.add("POST", "/v1/projects/{project}/models/{model}", tag("plain"));
  router.add("POST", "/v1/projects/{project}/models/{model}:predict", tag("predict"));
  Request predict = make_request("POST", "/v1/projects/p/models/m:predict");
  EXPECT_EQ(router.dispatch(predict).body, "predict model=m project=p");
  Request plain = make_request("POST", "/v1/projects/p/models/m");
  EXPECT_EQ(router.dispatch(plain).body, "plain model=m project=p");
}

TEST(Router, LiteralSegmentBeatsParameter) {
  Router router;
  router.add("GET", "/v1/{name}", tag("param"));
  router.add("GET", "/v1/health", tag("literal"));
  Request request = make_request("GET", "/v1/health");
  EXPECT_EQ(router.dispatch(request).body, "literal");
}

TEST(Router, UnknownPathIsGoogleNotFound) {
  Router router;
  router.add("GET", "/a", tag("a"));
  Request request = make_request("GET", "/b");
  request.host = "ml.emulator.test";
  const Response response = router.dispatch(request);
  EXPECT_EQ(response.status, 404);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["error"]["status"], "NOT_FOUND");
  EXPECT_EQ(body["error"]["errors"][0]["reason"], "notFound");
}

TEST(Router, WrongMethodIs405) {
  Router router;
  router.add("GET", "/a/{x}", tag("a"));
  Request request = make_request("DELETE", "/a/1");
  EXPECT_EQ(router.dispatch(request).status, 405);
}

TEST(Router, ServesAnyPathSomeRouteMatchesWhateverTheMethod) {
  Router router;
  router.add("DELETE", "/v1/projects/{project}", tag("p"));
  EXPECT_TRUE(router.serves("/v1/projects/p1"));
  EXPECT_FALSE(router.serves("/v1/projects/p1/models"));
  EXPECT_FALSE(router.serves("/bucket/object"));
}

TEST(Router, ParametersAreNeverEmpty) {
  Router router;
  router.add("GET", "/a/{x}", tag("a"));
  Request request = make_request("GET", "/a/");
  EXPECT_EQ(router.dispatch(request).status, 404);
}

}  // namespace
}  // namespace magritte::emulator
