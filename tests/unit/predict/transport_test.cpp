#include <gtest/gtest.h>

#include "predict/connection.hpp"
#include "predict/endpoint.hpp"
#include "predict/transport.hpp"
#include "prediction_server.hpp"

namespace magritte::predict {
namespace {

nlohmann::json one_score(const nlohmann::json&) { return nlohmann::json::array({0.5}); }

TEST(CurlTransport, GoesThroughGcloudsProxyInAbsoluteFormLikeGcloud) {
  testing::PredictionServer proxy(one_score);
  Connection connection;
  connection.proxy = ProxySettings{"http", "127.0.0.1", proxy.port(), {}, {}, true};
  connection.endpoint = regional_ml_endpoint("http://ml.emulator.test/", "europe-west1");
  const std::string url = predict_url(connection.endpoint, "p", "m", std::nullopt);
  const HttpResponse response = make_curl_transport(connection)->post_json(url, R"({"instances":[{}]})");
  EXPECT_EQ(response.status, 200) << response.error;
  ASSERT_EQ(proxy.requests().size(), 1U);
  EXPECT_EQ(proxy.requests()[0].target, "http://europe-west1-ml.emulator.test/v1/projects/p/models/m:predict");
  EXPECT_EQ(proxy.requests()[0].authorization, "");
}

TEST(CurlTransport, SendsTheBearerToken) {
  testing::PredictionServer server(one_score);
  Connection connection;
  connection.token = Secret("ya29.test-token");
  const HttpResponse response = make_curl_transport(connection)->post_json(server.url(), R"({"instances":[{}]})");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(server.requests()[0].authorization, "Bearer ya29.test-token");
  EXPECT_EQ(nlohmann::json::parse(response.body)["predictions"][0]["outputs"][0], 0.5);
}

TEST(CurlTransport, ReusesOneConnectionForSuccessiveRequests) {
  testing::PredictionServer server(one_score);
  auto transport = make_curl_transport(Connection{});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(transport->post_json(server.url(), R"({"instances":[]})").status, 200);
  EXPECT_EQ(server.requests().size(), 3U);
}

}  // namespace
}  // namespace magritte::predict
