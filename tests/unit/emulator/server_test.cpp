// The whole emulator over real sockets: wire format, proxy forms, CONNECT + TLS, limits,
// the control API and fault injection.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <thread>

#include "emulator/emulator.hpp"
#include "raw_client.hpp"
#include "support/process.hpp"

namespace magritte::emulator {
namespace {

using nlohmann::json;
using testing::RawClient;

class ServerTest : public ::testing::Test {
protected:
  void SetUp() override {
    EmulatorOptions options;
    options.port = 0;
    options.data_dir = dir_.path() / "data";
    options.buckets = {"bucket"};
    options.print_requests = false;
    emulator_ = std::make_unique<Emulator>(options);
    emulator_->start();
  }

  int port() const { return emulator_->port(); }

  testing::RawResponse request(const std::string& bytes) {
    RawClient client(port());
    client.send(bytes);
    auto response = client.read_response();
    EXPECT_TRUE(response);
    return response.value_or(testing::RawResponse{});
  }

  json requests_log() {
    return json::parse(request("GET /_emulator/requests HTTP/1.1\r\nHost: x\r\n\r\n").body)["requests"];
  }

  void add_fault(const json& rule) {
    const std::string body = rule.dump();
    EXPECT_EQ(request("POST /_emulator/faults HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\n\r\n" + body).status, 200);
  }

  ::magritte::testing::TempDir dir_;
  std::unique_ptr<Emulator> emulator_;
};

constexpr const char* kListObjects =
    "GET http://storage.emulator.test/storage/v1/b/bucket/o?alt=json HTTP/1.1\r\n"
    "Host: storage.emulator.test\r\n\r\n";

TEST_F(ServerTest, HealthAnswersOnAnyHost) {
  const auto response = request("GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(json::parse(response.body)["port"], port());
}

TEST_F(ServerTest, AbsoluteFormAndKeepAliveOnOneConnection) {
  RawClient client(port());
  client.send(kListObjects);
  auto first = client.read_response();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->headers["Connection"], "keep-alive");
  client.send("GET http://europe-west1-ml.emulator.test:80/nowhere HTTP/1.1\r\nHost: ignored\r\n\r\n");
  auto second = client.read_response();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 404);
  const json log = requests_log();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0]["host"], "storage.emulator.test");
  EXPECT_EQ(log[1]["host"], "europe-west1-ml.emulator.test");
  EXPECT_EQ(log[1]["path"], "/nowhere");
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  RawClient client(port());
  client.send("GET /storage/v1/b HTTP/1.1\r\nHost: storage.emulator.test\r\nConnection: close\r\n\r\n");
  ASSERT_TRUE(client.read_response());
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(ServerTest, ChunkedRequestBody) {
  const auto response = request(
      "POST /upload/storage/v1/b/bucket/o?uploadType=media&name=chunked HTTP/1.1\r\n"
      "Host: storage.emulator.test\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(json::parse(response.body)["size"], "11");
  EXPECT_EQ(request("GET /storage/v1/b/bucket/o/chunked?alt=media HTTP/1.1\r\nHost: s\r\n\r\n").body, "hello world");
}

TEST_F(ServerTest, ExpectContinueThenBody) {
  RawClient client(port());
  client.send("POST /upload/storage/v1/b/bucket/o?uploadType=media&name=e HTTP/1.1\r\nHost: s\r\n"
              "Content-Length: 3\r\nExpect: 100-continue\r\n\r\n");
  auto interim = client.read_response();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  client.send("abc");
  auto final_response = client.read_response();
  ASSERT_TRUE(final_response);
  EXPECT_EQ(final_response->status, 200);
}

TEST_F(ServerTest, OversizedBodyIsRefusedBeforeTheContinue) {
  RawClient client(port());
  client.send("POST /upload/storage/v1/b/bucket/o?uploadType=media&name=e HTTP/1.1\r\nHost: s\r\n"
              "Content-Length: 999999999\r\nExpect: 100-continue\r\n\r\n");
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
}

TEST_F(ServerTest, ResumableUploadPutsMayExceedTheGeneralBodyLimit) {
  // gcloud storage PUTs a whole file to its session: 70 MiB is accepted there (100 Continue)...
  RawClient session(port());
  session.send("PUT /upload/storage/v1/b/bucket/o?uploadType=resumable&upload_id=abc HTTP/1.1\r\nHost: s\r\n"
               "Content-Length: 73400320\r\nExpect: 100-continue\r\n\r\n");
  auto interim = session.read_response();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  // ...and refused anywhere else.
  RawClient other(port());
  other.send("POST /upload/storage/v1/b/bucket/o?uploadType=media&name=x HTTP/1.1\r\nHost: s\r\n"
             "Content-Length: 73400320\r\nExpect: 100-continue\r\n\r\n");
  auto refused = other.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 413);
}

TEST_F(ServerTest, GzipRequestBodyIsInflated) {
  const std::string plain(5000, 'z');
  uLongf size = compressBound(plain.size()) + 32;
  std::string packed(size, '\0');
  z_stream stream{};
  deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);  // gzip wrapper
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  stream.avail_in = static_cast<uInt>(plain.size());
  stream.next_out = reinterpret_cast<Bytef*>(packed.data());
  stream.avail_out = static_cast<uInt>(packed.size());
  ASSERT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  packed.resize(stream.total_out);
  deflateEnd(&stream);
  const auto response = request("POST /upload/storage/v1/b/bucket/o?uploadType=media&name=gz HTTP/1.1\r\nHost: s\r\n"
                                "Content-Encoding: gzip\r\nContent-Length: " + std::to_string(packed.size()) +
                                "\r\n\r\n" + packed);
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(json::parse(response.body)["size"], "5000");
}

TEST_F(ServerTest, OversizedBodyAndHeadersAreRefused) {
  RawClient client(port());
  client.send("POST /upload/storage/v1/b/bucket/o?name=x HTTP/1.1\r\nHost: s\r\nContent-Length: 999999999\r\n\r\n");
  auto too_large = client.read_response();
  ASSERT_TRUE(too_large);
  EXPECT_EQ(too_large->status, 413);
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_EQ(request("GET / HTTP/1.1\r\nHost: s\r\nX-Big: " + std::string(70000, 'a') + "\r\n\r\n").status, 431);
  EXPECT_EQ(request("GET /" + std::string(20000, 'a') + " HTTP/1.1\r\n\r\n").status, 414);
  EXPECT_EQ(request("NONSENSE\r\n\r\n").status, 400);
}

TEST_F(ServerTest, HeadHasHeadersButNoBody) {
  request("POST /upload/storage/v1/b/bucket/o?uploadType=media&name=h HTTP/1.1\r\nHost: s\r\nContent-Length: 4\r\n\r\nbody");
  RawClient client(port());
  client.send("HEAD /storage/v1/b/bucket/o/h?alt=media HTTP/1.1\r\nHost: s\r\n\r\n");
  auto response = client.read_response(true);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->headers["Content-Length"], "4");
  client.send(kListObjects);  // the connection is still in sync: no body bytes were sent
  auto next = client.read_response();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(ServerTest, ConnectTunnelCarriesTlsWithAVerifiableCertificate) {
  RawClient client(port());
  client.send("CONNECT storage.emulator.test:443 HTTP/1.1\r\nHost: storage.emulator.test:443\r\n\r\n");
  auto established = client.read_response(true);
  ASSERT_TRUE(established);
  EXPECT_EQ(established->status, 200);
  std::string error;
  ASSERT_TRUE(client.start_tls(emulator_->tls_files().cert.string(), "storage.emulator.test", error)) << error;
  client.send("GET /storage/v1/b/bucket/o HTTP/1.1\r\nHost: storage.emulator.test\r\n\r\n");
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(json::parse(response->body)["kind"], "storage#objects");
  const json log = requests_log();
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.back()["host"], "storage.emulator.test");
}

TEST_F(ServerTest, CertificateCoversLoopbackAndRefusesOtherNames) {
  for (const char* host : {"127.0.0.1", "localhost", "logging.emulator.test"}) {
    RawClient client(port());
    client.send(std::string("CONNECT ") + host + ":443 HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(client.read_response(true));
    std::string error;
    EXPECT_TRUE(client.start_tls(emulator_->tls_files().cert.string(), host, error)) << host << ": " << error;
  }
  RawClient client(port());
  client.send("CONNECT example.com:443 HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(client.read_response(true));
  std::string error;
  EXPECT_FALSE(client.start_tls(emulator_->tls_files().cert.string(), "example.com", error));
}

TEST_F(ServerTest, ConnectTunnelCarriesPlainHttpToo) {
  RawClient client(port());
  client.send("CONNECT storage.emulator.test:80 HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(client.read_response(true));
  client.send("GET /storage/v1/b/bucket HTTP/1.1\r\n\r\n");  // no Host: the tunnel's host
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  const json log = requests_log();
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.back()["host"], "storage.emulator.test");
}

TEST_F(ServerTest, StatusFaultForTheNextMatchingRequestOnly) {
  add_fault({{"path", "^/storage/v1/b/[^/]+/o$"}, {"status", 503}, {"count", 1}});
  EXPECT_EQ(request(kListObjects).status, 503);
  EXPECT_EQ(request(kListObjects).status, 200);
  const json log = requests_log();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_NE(log[0]["note"].get<std::string>().find("status 503"), std::string::npos);
}

TEST_F(ServerTest, MethodFilterDropAndTruncate) {
  add_fault({{"path", "/o$"}, {"method", "POST"}, {"mode", "drop"}});
  EXPECT_EQ(request(kListObjects).status, 200);  // GET is not concerned
  {
    RawClient client(port());
    client.send("POST /storage/v1/b/bucket/o HTTP/1.1\r\nHost: s\r\nContent-Length: 0\r\n\r\n");
    EXPECT_FALSE(client.read_response());  // closed without a response
  }
  request("DELETE /_emulator/faults HTTP/1.1\r\nHost: x\r\n\r\n");
  add_fault({{"path", "/o$"}, {"mode", "truncate_json"}, {"count", 1}});
  const auto truncated = request(kListObjects);
  EXPECT_EQ(truncated.status, 200);
  EXPECT_FALSE(json::accept(truncated.body));
  EXPECT_FALSE(truncated.body.empty());
}

TEST_F(ServerTest, DelayAndSlowBody) {
  add_fault({{"path", "/o$"}, {"mode", "delay"}, {"delay_ms", 200}, {"count", 1}});
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(request(kListObjects).status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(200));
  add_fault({{"path", "/o$"}, {"mode", "slow_body"}, {"delay_ms", 300}, {"count", 1}});
  const auto slow_start = std::chrono::steady_clock::now();
  const auto slow = request(kListObjects);
  EXPECT_EQ(json::parse(slow.body)["kind"], "storage#objects");
  EXPECT_GE(std::chrono::steady_clock::now() - slow_start, std::chrono::milliseconds(250));
}

// A held request waits, listed by GET /_emulator/faults, until the rules are cleared: before
// the service (`hold`: nothing is done yet) or with its answer ready (`hold_response`: done).
TEST_F(ServerTest, HeldRequestsWaitUntilTheRulesAreCleared) {
  const auto held = [&] {
    return json::parse(request("GET /_emulator/faults HTTP/1.1\r\nHost: x\r\n\r\n").body)["held"];
  };
  const auto wait_for_held = [&] {
    for (int i = 0; i < 2000 && held().empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return held();
  };
  add_fault({{"path", "/o$"}, {"mode", "hold"}, {"count", 1}});
  RawClient before(port());
  before.send("POST /upload/storage/v1/b/bucket/o?uploadType=media&name=held HTTP/1.1\r\nHost: s\r\n"
              "Content-Length: 1\r\n\r\nx");
  const json waiting = wait_for_held();
  ASSERT_EQ(waiting.size(), 1u);
  EXPECT_EQ(waiting[0]["method"], "POST");
  EXPECT_EQ(request("GET /storage/v1/b/bucket/o/held HTTP/1.1\r\nHost: s\r\n\r\n").status, 404)
      << "a request held before the service must not have reached it";
  request("DELETE /_emulator/faults HTTP/1.1\r\nHost: x\r\n\r\n");
  auto answered = before.read_response();
  ASSERT_TRUE(answered);
  EXPECT_EQ(answered->status, 200);
  EXPECT_TRUE(held().empty());

  add_fault({{"path", "/o$"}, {"mode", "hold_response"}, {"count", 1}});
  RawClient after(port());
  after.send("POST /upload/storage/v1/b/bucket/o?uploadType=media&name=done HTTP/1.1\r\nHost: s\r\n"
             "Content-Length: 1\r\n\r\ny");
  ASSERT_EQ(wait_for_held().size(), 1u);
  EXPECT_EQ(request("GET /storage/v1/b/bucket/o/done?alt=media HTTP/1.1\r\nHost: s\r\n\r\n").body, "y")
      << "with hold_response the work is done before the answer is held";
  request("DELETE /_emulator/faults HTTP/1.1\r\nHost: x\r\n\r\n");
  auto done = after.read_response();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, 200);
}

// Stopping the emulator releases what a rule holds (its connection threads must end).
TEST_F(ServerTest, StoppingReleasesHeldRequests) {
  add_fault({{"path", "/o$"}, {"mode", "hold"}});
  RawClient client(port());
  client.send(kListObjects);
  for (int i = 0; i < 2000; ++i) {
    const json faults = json::parse(request("GET /_emulator/faults HTTP/1.1\r\nHost: x\r\n\r\n").body);
    if (!faults["held"].empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  emulator_->stop();  // returns: the held connection ended
  emulator_.reset();
}

TEST_F(ServerTest, BadFaultRuleIs400) {
  const std::string body = R"({"path": "(", "mode": "status"})";
  EXPECT_EQ(request("POST /_emulator/faults HTTP/1.1\r\nContent-Length: " + std::to_string(body.size()) +
                    "\r\n\r\n" + body).status, 400);
}

// The emulator must not be reachable from other machines: nothing answers on this host's
// non-loopback addresses.
TEST_F(ServerTest, ListensOnLoopbackOnly) {
  ifaddrs* interfaces = nullptr;
  ASSERT_EQ(getifaddrs(&interfaces), 0);
  int tried = 0;
  for (ifaddrs* entry = interfaces; entry != nullptr; entry = entry->ifa_next) {
    if (entry->ifa_addr == nullptr || entry->ifa_addr->sa_family != AF_INET) continue;
    sockaddr_in address = *reinterpret_cast<sockaddr_in*>(entry->ifa_addr);
    if ((ntohl(address.sin_addr.s_addr) >> 24) == 127) continue;
    address.sin_port = htons(static_cast<std::uint16_t>(port()));
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    EXPECT_NE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0)
        << "the emulator answered on " << inet_ntoa(address.sin_addr);
    ::close(fd);
    ++tried;
  }
  freeifaddrs(interfaces);
  if (tried == 0) GTEST_SKIP() << "this machine has no non-loopback IPv4 address to try";
}

TEST_F(ServerTest, StopClosesIdleKeepAliveConnectionsPromptly) {
  RawClient idle(port());
  idle.send(kListObjects);
  ASSERT_TRUE(idle.read_response());
  RawClient quiet_tunnel(port());  // opened a tunnel, never started TLS
  quiet_tunnel.send("CONNECT storage.emulator.test:443 HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(quiet_tunnel.read_response(true));
  const auto start = std::chrono::steady_clock::now();
  emulator_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_TRUE(idle.closed_by_server());
  EXPECT_TRUE(quiet_tunnel.closed_by_server());
}

}  // namespace
}  // namespace magritte::emulator
