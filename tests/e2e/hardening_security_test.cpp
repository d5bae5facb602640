// Security, through the real tools:
//  - the access token: gcloud 528 reads it from auth/access_token_file
//    (CLOUDSDK_AUTH_ACCESS_TOKEN_FILE) with no account and no network, so predict, deploy,
//    promote and train really run WITH credentials against the emulator; the token must
//    reach the emulator (its request log keeps a fingerprint, compared here) and appear in
//    no stdout, stderr (-v, errors, --dry-run included) nor in the emulator's log;
//  - the emulator listens on loopback only;
//  - object and resource names that would escape the emulator's data dir are refused
//    through its HTTP API (raw requests, as a hostile client would send them);
//  - a decompression bomb is refused before decoding, by predict and by the emulator.
// "Nothing passes through a shell" is tests/unit/hardening/no_shell_test.cpp.
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <fstream>
#include <random>
#include <sstream>

#include <httplib.h>

#include "harness/control_client.hpp"
#include "hardening_support.hpp"

namespace magritte::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The emulator's fingerprint of an Authorization header value (emulator/credential.hpp).
std::string fingerprint(const std::string& authorization) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(authorization.data(), authorization.size(), digest, &size, EVP_sha256(), nullptr);
  std::ostringstream hex;
  for (int i = 0; i < 8; ++i) hex << "0123456789abcdef"[digest[i] >> 4] << "0123456789abcdef"[digest[i] & 15];
  return authorization.substr(0, authorization.find(' ')) + " sha256:" + hex.str();
}

class Security : public HardeningTest {
protected:
  // One raw request to the emulator, as any client on this machine could send it.
  httplib::Result raw(const std::string& method, const std::string& path, const std::string& body = "",
                      const std::string& content_type = "application/json", const std::string& host = "") {
    httplib::Client client("127.0.0.1", port());
    client.set_read_timeout(30, 0);
    httplib::Headers headers;
    if (!host.empty()) headers.emplace("Host", host);
    if (method == "GET") return client.Get(path.c_str(), headers);
    return client.Post(path.c_str(), headers, body, content_type.c_str());
  }
};

// ── the access token ────────────────────────────────────────────────────────────────────

class WithCredentials : public Security {
protected:
  void SetUp() override {
    Security::SetUp();
    std::random_device random;
    token_ = "ya29.magritte-SECRET-" + std::to_string(random()) + std::to_string(random());
    const fs::path file = home() / "access-token";
    std::ofstream(file) << token_ << "\n";
    credentials_ = environment();
    credentials_["CLOUDSDK_AUTH_ACCESS_TOKEN_FILE"] = file.string();
    credentials_["CLOUDSDK_AUTH_DISABLE_CREDENTIALS"] = "false";  // the emulator env disables them
  }

  // Runs magritte with credentials; the token must not be in anything it printed.
  CommandResult with_token(std::vector<std::string> args) {
    args.insert(args.begin(), "magritte");
    CommandResult result = run_with(credentials_, args);
    EXPECT_FALSE(contains(result.out, token_)) << "the token is on stdout:\n" << result.describe();
    EXPECT_FALSE(contains(result.err, token_)) << "the token is on stderr:\n" << result.describe();
    EXPECT_FALSE(contains(result.out + result.err, "SECRET")) << result.describe();  // not even a piece
    return result;
  }

  std::string token_;
  Environment credentials_;
};

TEST_F(WithCredentials, TheTokenReachesTheServiceAndNoOutputNorLog) {
  // gcloud itself prints the token (that is its job): the setup is real.
  const CommandResult printed = run_with(credentials_, {"gcloud", "auth", "print-access-token"});
  ASSERT_TRUE(printed.ok()) << printed.describe();
  ASSERT_EQ(printed.out, token_ + "\n");

  deploy_mean_model();
  write_red_png();
  const std::string expected = fingerprint("Bearer " + token_);
  auto since = last_request_seq();

  const CommandResult predicted = with_token({"predict", "red.png", "--top", "1"});
  ASSERT_TRUE(predicted.ok()) << predicted.describe();
  EXPECT_EQ(predicted.out, "red.png\nScore 0.9961, Label red\n");
  const auto predicts = matching(requests_since(since), "POST", ":predict$");
  ASSERT_EQ(predicts.size(), 1U);
  EXPECT_EQ(predicts[0]["credential"], expected) << "predict did not send the bearer token";

  EXPECT_TRUE(with_token({"-v", "predict", "red.png", "--format", "json"}).ok());
  const CommandResult dry = with_token({"--dry-run", "-v", "predict", "red.png"});
  EXPECT_TRUE(dry.ok()) << dry.describe();
  EXPECT_TRUE(contains(dry.out, "gcloud auth print-access-token")) << dry.out;  // the command, not its answer

  // Errors: the service refuses (401, no retry), fails (500, retried then reported), a bad input.
  inject_fault({{"path", ":predict$"}, {"status", 401}, {"count", 1}, {"message", "Request had invalid authentication credentials."}});
  const CommandResult refused = with_token({"-v", "predict", "red.png"});
  EXPECT_EQ(refused.exit_code, 1) << refused.describe();
  EXPECT_TRUE(contains(refused.err, "HTTP 401")) << refused.err;
  inject_fault({{"path", ":predict$"}, {"status", 500}});
  const CommandResult failed = with_token({"predict", "red.png", "--set", "predict.retries=1"});
  EXPECT_EQ(failed.exit_code, 1) << failed.describe();
  clear_faults();
  write_file("broken.png", "\x89PNG\r\n\x1a\nnot really");
  EXPECT_EQ(with_token({"predict", "broken.png"}).exit_code, 2);

  // gcloud's own requests under magritte carry it too, and magritte prints none of it.
  since = last_request_seq();
  EXPECT_TRUE(with_token({"-v", "deploy"}).ok());
  EXPECT_TRUE(with_token({"-v", "promote", "v1"}).ok());
  EXPECT_TRUE(with_token({"--dry-run", "-v", "train"}).ok());
  EXPECT_TRUE(with_token({"-v", "config", "show"}).ok());
  const auto described = matching(requests_since(since), "GET", "/models/magritte$");
  ASSERT_FALSE(described.empty());
  EXPECT_EQ(described[0]["credential"], expected) << "gcloud did not send the token: the test proves nothing";

  EXPECT_FALSE(contains(emulator_log(), token_)) << "the token is in the emulator's log";
  EXPECT_FALSE(contains(emulator_log(), "SECRET"));
}

// ── loopback only ───────────────────────────────────────────────────────────────────────

// "0100007F:1F90" style local addresses of the LISTEN sockets on `port`, from /proc/net.
std::vector<std::string> listening_addresses(int port) {
  char port_hex[8];
  std::snprintf(port_hex, sizeof port_hex, "%04X", port);
  std::vector<std::string> found;
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state;
      fields >> slot >> local >> remote >> state;
      const auto colon = local.rfind(':');
      if (state == "0A" && local.substr(colon + 1) == port_hex) found.push_back(local.substr(0, colon));
    }
  }
  return found;
}

TEST_F(Security, TheEmulatorListensOnLoopbackOnly) {
  const auto addresses = listening_addresses(port());
  ASSERT_FALSE(addresses.empty()) << "no LISTEN socket on port " << port();
  for (const auto& address : addresses) EXPECT_EQ(address, "0100007F") << "listening on a non-loopback address";

  // And a connection to any other address of this machine is refused.
  ifaddrs* interfaces = nullptr;
  ASSERT_EQ(::getifaddrs(&interfaces), 0);
  int tried = 0;
  for (ifaddrs* it = interfaces; it != nullptr; it = it->ifa_next) {
    if (it->ifa_addr == nullptr || it->ifa_addr->sa_family != AF_INET) continue;
    sockaddr_in address = *reinterpret_cast<sockaddr_in*>(it->ifa_addr);
    if ((ntohl(address.sin_addr.s_addr) >> 24) == 127) continue;
    address.sin_port = htons(static_cast<std::uint16_t>(port()));
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    const int connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    EXPECT_NE(connected, 0) << "reached the emulator on " << inet_ntoa(address.sin_addr);
    ::close(fd);
    ++tried;
  }
  ::freeifaddrs(interfaces);
  std::cerr << "e2e: tried " << tried << " non-loopback address(es)\n";
}

// ── names that escape the data dir ──────────────────────────────────────────────────────

TEST_F(Security, NamesThatWouldEscapeTheDataDirAreRefused) {
  const std::string upload = "/upload/storage/v1/b/magritte-test/o?uploadType=media&name=";
  for (const std::string name : {"..%2F..%2Fescape-1", "%2Ftmp%2Fescape-2", "a%2F..%2F..%2F..%2Fescape-3",
                                 "escape%004", "..", "a%2F.%2F..%2Fescape-5"}) {
    const auto reply = raw("POST", upload + name, "owned", "text/plain");
    ASSERT_TRUE(reply) << name;
    EXPECT_EQ(reply->status, 400) << name << ": " << reply->body;
  }
  // The same names in a multipart upload's metadata and a resumable upload's.
  const std::string boundary = "b0undary";
  const std::string multipart = "--" + boundary + "\r\nContent-Type: application/json\r\n\r\n{\"name\": \"../../escape-6\"}\r\n--" +
                                boundary + "\r\nContent-Type: text/plain\r\n\r\nowned\r\n--" + boundary + "--\r\n";
  const auto multi = raw("POST", "/upload/storage/v1/b/magritte-test/o?uploadType=multipart", multipart,
                         "multipart/related; boundary=" + boundary);
  ASSERT_TRUE(multi);
  EXPECT_EQ(multi->status, 400) << multi->body;
  const auto resumable = raw("POST", "/upload/storage/v1/b/magritte-test/o?uploadType=resumable&name=..%2Fescape-7", "{}");
  ASSERT_TRUE(resumable);
  EXPECT_EQ(resumable->status, 400) << resumable->body;
  // Reads and buckets.
  for (const std::string path : {"/storage/v1/b/magritte-test/o/..%2F..%2Fstate", "/storage/v1/b/magritte-test/o/%2Fetc%2Fpasswd?alt=media",
                                 "/storage/v1/b/..%2F..%2Fstate/o", "/storage/v1/b/../o"}) {
    const auto reply = raw("GET", path);
    ASSERT_TRUE(reply) << path;
    EXPECT_TRUE(reply->status == 400 || reply->status == 404) << path << ": " << reply->status << " " << reply->body;
    EXPECT_FALSE(contains(reply->body, "\"kind\": \"storage#object\"") || contains(reply->body, "root:")) << path;
  }
  // ml resource names are checked the same way.
  const auto model = raw("POST", "/v1/projects/magritte-local/models", R"({"name": "../../escape-8"})", "application/json",
                         "europe-west1-ml.emulator.test");
  ASSERT_TRUE(model);
  EXPECT_EQ(model->status, 400) << model->body;

  // Nothing was written anywhere near: not in the work dir, HOME, the data dir or above it.
  for (const fs::path& root : {work_dir().parent_path(), fs::path("/tmp")}) {
    std::error_code error;
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, error);
         it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (root == "/tmp" && it.depth() > 0) it.disable_recursion_pending();  // /tmp itself only
      EXPECT_FALSE(contains(it->path().filename().string(), "escape-")) << it->path();
    }
  }
  // The bucket is as it was, and the real tools still work.
  const CommandResult listed = gsutil({"ls", "gs://magritte-test/"});
  ASSERT_TRUE(listed.ok()) << listed.describe();
  EXPECT_EQ(listed.out, "");
}

// ── decompression bombs ─────────────────────────────────────────────────────────────────

// A valid 20000x20000 greyscale PNG of zeros: ~390 KB on disk, 400 MP (1.2 GB as BGR) decoded.
std::string png_bomb() {
  const std::uint32_t side = 20000;
  auto chunk = [](const std::string& type, const std::string& data) {
    std::string out;
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((data.size() >> shift) & 0xFF);
    const std::string body = type + data;
    const auto crc = ::crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
    out += body;
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((crc >> shift) & 0xFF);
    return out;
  };
  std::string header;
  for (int i = 0; i < 2; ++i) {
    for (int shift = 24; shift >= 0; shift -= 8) header += static_cast<char>((side >> shift) & 0xFF);
  }
  header += std::string("\x08\x00\x00\x00\x00", 5);  // 8-bit greyscale, no interlace
  z_stream stream{};
  deflateInit(&stream, 9);
  const std::string row(side + 1, '\0');  // filter byte + pixels
  std::string compressed;
  std::vector<unsigned char> buffer(1 << 16);
  for (std::uint32_t y = 0; y < side; ++y) {
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(row.data()));
    stream.avail_in = static_cast<uInt>(row.size());
    const int flush = y + 1 == side ? Z_FINISH : Z_NO_FLUSH;
    do {
      stream.next_out = buffer.data();
      stream.avail_out = static_cast<uInt>(buffer.size());
      deflate(&stream, flush);
      compressed.append(reinterpret_cast<char*>(buffer.data()), buffer.size() - stream.avail_out);
    } while (stream.avail_out == 0);
  }
  deflateEnd(&stream);
  return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", header) + chunk("IDAT", compressed) + chunk("IEND", "");
}

std::string base64(const std::string& bytes) {
  static const char* kTable = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                            static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += kTable[(n >> shift) & 63];
  }
  if (i < bytes.size()) {
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kTable[(n >> 18) & 63];
    out += kTable[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kTable[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

long peak_rss_kb(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

TEST_F(Security, DecompressionBombsAreRefusedBeforeDecoding) {
  const std::string bomb = png_bomb();
  ASSERT_LT(bomb.size(), 1'000'000U);
  write_file("bomb.png", bomb);
  deploy_mean_model();

  // predict: refused from the header, before any decoding (predict.max_pixels, 100 MP).
  const CommandResult predicted = magritte({"predict", "bomb.png"});
  EXPECT_EQ(predicted.exit_code, 2) << predicted.describe();
  EXPECT_TRUE(contains(predicted.err, "bomb.png: image is 20000x20000 (400 MP), above the limit of 100 MP")) << predicted.err;
  EXPECT_LT(predicted.seconds, 10.0);

  // The emulator, sent the bomb as an instance: refused from the header too, at once.
  const int emulator_pid = control("GET", "/_emulator/health").value("pid", 0);
  const long rss_before = peak_rss_kb(emulator_pid);
  const std::string body = json{{"instances", {{{"inputs", {{"b64", base64(bomb)}}}}}}}.dump();
  const auto start = std::chrono::steady_clock::now();
  const auto reply = raw("POST", "/v1/projects/magritte-local/models/magritte:predict", body, "application/json",
                         "europe-west1-ml.emulator.test");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 400) << reply->body;
  EXPECT_TRUE(contains(reply->body, "20000x20000")) << reply->body;
  EXPECT_LT(seconds, 5.0);
  EXPECT_LT(peak_rss_kb(emulator_pid) - rss_before, 200'000) << "the emulator decoded the bomb";
}

// ── a labels file that does not match the model ─────────────────────────────────────────

TEST_F(Security, LabelsThatDoNotMatchTheModelAreAClearError) {
  deploy_mean_model();  // 3 outputs
  write_red_png();
  const CommandResult fruits = magritte({"predict", "red.png", "--labels", "fruits"});
  EXPECT_EQ(fruits.exit_code, 2) << fruits.describe();
  EXPECT_TRUE(contains(fruits.err, "the model returned 3 scores but the labels (fruits) have 9")) << fruits.err;
  write_file("two.txt", "red\ngreen\n");
  const CommandResult two = magritte({"predict", "red.png", "--labels", "two.txt"});
  EXPECT_EQ(two.exit_code, 2) << two.describe();
  EXPECT_TRUE(contains(two.err, "3 scores")) << two.err;
  EXPECT_EQ(fruits.out + two.out, "");
}

}  // namespace
}  // namespace magritte::e2e
