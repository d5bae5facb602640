// `magritte emulator env`: eval'd in a shell whose environment points elsewhere, it makes
// gcloud and gsutil talk to the emulator that runs on the port (its data dir, its
// certificate), refuses when none runs there or the data dir contradicts it; and the
// emulator answers fast.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

#include "harness/emulator_test.hpp"

namespace magritte::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class EmulatorEnv : public EmulatorTest {};

TEST_F(EmulatorEnv, FromAnotherDirectoryDescribesTheRunningEmulatorAndGsutilWorks) {
  // The emulator runs with --data-dir <root>/emulator; env runs elsewhere, with no --data-dir.
  const fs::path elsewhere = home() / "elsewhere";
  fs::create_directories(elsewhere);
  write_file("hello.txt", "hello through the env\n");
  const std::string script =
      "cd \"$1\" && eval \"$(\"$0\" emulator env --port " + std::to_string(port()) + ")\" && "
      "gsutil -q cp \"$2\" gs://magritte-test/env/hello.txt && gsutil ls gs://magritte-test/env/ && "
      "gsutil cat gs://magritte-test/env/hello.txt && echo \"CA=$CLOUDSDK_CORE_CUSTOM_CA_CERTS_FILE\"";
  const CommandResult result = run_with(base_environment(),
                                        {"/bin/bash", "-c", script, magritte_binary(), elsewhere.string(),
                                         (work_dir() / "hello.txt").string()},
                                        120s);
  ASSERT_TRUE(result.ok()) << result.describe();
  const fs::path served = data_dir() / "tls" / "cert.pem";
  EXPECT_EQ(result.out, "gs://magritte-test/env/hello.txt\nhello through the env\nCA=" + served.string() + "\n")
      << result.describe();
  EXPECT_FALSE(fs::exists(elsewhere / ".magritte")) << "env made a data dir (and a certificate) of its own";

  // The certificate is the one the emulator says it serves, and JSON says the same.
  const json health = control("GET", "/_emulator/health");
  EXPECT_EQ(health["ca_cert"], served.string());
  EXPECT_EQ(health["data_dir"], data_dir().string());
  const CommandResult printed =
      run_with(base_environment(), {"magritte", "emulator", "env", "--port", std::to_string(port()), "--format", "json"});
  ASSERT_TRUE(printed.ok()) << printed.describe();
  const json env = json::parse(printed.out);
  EXPECT_EQ(env["ca_cert"], served.string());
  EXPECT_EQ(env["data_dir"], data_dir().string());
  EXPECT_EQ(env["pid"], health["pid"]);
  EXPECT_EQ(env["env"]["BOTO_CONFIG"], (data_dir() / "boto.cfg").string());
}

TEST_F(EmulatorEnv, NothingListeningIsRefusedWithHowToStartOne) {
  const int stopped = port();
  stop_emulator(StopMode::sigterm);
  const CommandResult result =
      run_with(base_environment(), {"magritte", "emulator", "env", "--port", std::to_string(stopped)});
  EXPECT_EQ(result.exit_code, 2) << result.describe();
  EXPECT_EQ(result.out, "") << "an environment was printed for an emulator that does not run";
  EXPECT_TRUE(contains(result.err, "no emulator is running on 127.0.0.1:" + std::to_string(stopped))) << result.err;
  EXPECT_TRUE(contains(result.err, "magritte emulator start --port " + std::to_string(stopped))) << result.err;
}

TEST_F(EmulatorEnv, DataDirThatContradictsTheRunningOneIsRefused) {
  const fs::path other = home() / "other-data";
  const CommandResult result = run_with(base_environment(), {"magritte", "emulator", "env", "--port",
                                                             std::to_string(port()), "--data-dir", other.string()});
  EXPECT_EQ(result.exit_code, 2) << result.describe();
  EXPECT_EQ(result.out, "");
  EXPECT_TRUE(contains(result.err, "--data-dir " + other.string() + " is not the data dir of the emulator on 127.0.0.1:" +
                                       std::to_string(port())))
      << result.err;
  EXPECT_TRUE(contains(result.err, "which uses " + data_dir().string())) << result.err;
  EXPECT_FALSE(fs::exists(other)) << "a refused env wrote files";
}

// Something that speaks HTTP on a port but is not the emulator: one 404 per connection.
class NotAnEmulator {
public:
  NotAnEmulator() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(listener_, 8) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
    server_ = std::thread([this] { serve(); });
  }
  ~NotAnEmulator() {
    ::shutdown(listener_, SHUT_RDWR);  // accept() returns: the thread ends
    server_.join();
    ::close(listener_);
  }
  int port() const { return port_; }

private:
  void serve() {
    for (;;) {
      const int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      char request[4096];
      (void)::recv(client, request, sizeof request, 0);
      const std::string answer = "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found";
      (void)::send(client, answer.data(), answer.size(), MSG_NOSIGNAL);
      ::close(client);
    }
  }

  int listener_ = -1;
  int port_ = 0;
  std::thread server_;
};

TEST_F(EmulatorEnv, SomethingElseListeningIsRefused) {
  NotAnEmulator other;
  const CommandResult result =
      run_with(base_environment(), {"magritte", "emulator", "env", "--port", std::to_string(other.port())});
  EXPECT_EQ(result.exit_code, 2) << result.describe();
  EXPECT_EQ(result.out, "");
  EXPECT_TRUE(contains(result.err, "what listens on 127.0.0.1:" + std::to_string(other.port()) +
                                       " is not a magritte emulator"))
      << result.err;
}

TEST_F(EmulatorEnv, EvalPointsGcloudAndGsutilAtTheEmulatorDespiteHostileVariables) {
  Environment hostile = base_environment();
  hostile["CLOUDSDK_CORE_PROJECT"] = "someone-elses-project";
  hostile["CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE"] = "http://nowhere.invalid/storage/v1/";
  hostile["CLOUDSDK_PROXY_PORT"] = "1";
  hostile["CLOUDSDK_CORE_CUSTOM_CA_CERTS_FILE"] = "/etc/ssl/certs/ca-certificates.crt";
  hostile["BOTO_PATH"] = "/nonexistent/boto";
  const std::string script = "eval \"$(\"$0\" emulator env --port " + std::to_string(port()) +
                             " --data-dir \"$1\")\" && gcloud storage ls && gsutil ls";
  const CommandResult result =
      run_with(hostile, {"/bin/bash", "-c", script, magritte_binary(), data_dir().string()});
  ASSERT_TRUE(result.ok()) << result.describe();
  EXPECT_EQ(result.out, "gs://magritte-test/\ngs://magritte-test/\n") << result.describe();
}

TEST_F(EmulatorEnv, IdempotentTextAndJsonAgree) {
  const std::vector<std::string> args = {"emulator", "env", "--port", std::to_string(port()), "--data-dir",
                                         data_dir().string()};
  const CommandResult first = run_with(base_environment(), {"magritte", args[0], args[1], args[2], args[3], args[4], args[5]});
  const CommandResult second = run_with(base_environment(), {"magritte", args[0], args[1], args[2], args[3], args[4], args[5]});
  ASSERT_TRUE(first.ok()) << first.describe();
  EXPECT_EQ(first.out, second.out);
  const CommandResult json_result =
      run_with(base_environment(), {"magritte", args[0], args[1], args[2], args[3], args[4], args[5], "--format", "json"});
  ASSERT_TRUE(json_result.ok()) << json_result.describe();
  const json printed = json::parse(json_result.out);
  for (const auto& [name, value] : printed["env"].items()) {
    EXPECT_NE(first.out.find("export " + name + "="), std::string::npos) << name;
  }
  EXPECT_EQ(printed["env"]["STORAGE_EMULATOR_HOST"], "http://127.0.0.1:" + std::to_string(port()));
  EXPECT_EQ(printed["project"], "magritte-local");
}

// The 5 ms budget for this call is measured by bench/emulator_list_latency.sh, not here: a
// loaded machine can deschedule the serving thread for longer than any bound a test could set.
TEST_F(EmulatorEnv, ModelsListReachesTheRegionalHostAndLogsItsServerTime) {
  const std::uint64_t seq = last_request_seq();
  const CommandResult result = gcloud({"ai-platform", "models", "list", "--region", "europe-west1"});
  ASSERT_TRUE(result.ok()) << result.describe();
  bool seen = false;
  for (const json& request : requests_since(seq)) {
    if (request["path"] != "/v1/projects/magritte-local/models") continue;
    seen = true;
    EXPECT_EQ(request["host"], "europe-west1-ml.emulator.test");
    ASSERT_TRUE(request.contains("micros") && request["micros"].is_number_integer()) << request.dump();
    EXPECT_GE(request["micros"].get<long>(), 0) << request.dump();
  }
  EXPECT_TRUE(seen) << "gcloud did not reach the emulator's models.list";
}

}  // namespace
}  // namespace magritte::e2e
