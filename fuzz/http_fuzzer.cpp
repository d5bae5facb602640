// libFuzzer target: the emulator's HTTP request path, fed exactly as a client feeds it.
//
// Input: the bytes one client sends on one connection (keep-alive: several requests one
// after another; CONNECT followed by plain HTTP inside the tunnel). They go through a
// socketpair into serve_connection(): the request line (origin-form, absolute-form,
// authority-form), headers, Content-Length/chunked bodies, gzip, 100-continue, keep-alive,
// then the Emulator's own handler: the control API, the request log, the router and every
// service (Cloud Storage, Logging, ml v1, Vertex AI) over a throw-away data dir, created at
// the first input and removed at exit. State therefore carries over from input to input
// (buckets made by one input are listed by the next), as on a long-running emulator.
//
// Left out on purpose: TLS inside CONNECT (no certificate is offered, so such tunnels end at
// the handshake) and adding fault rules (POST /_emulator/faults answers 403 here: a `delay`
// rule sleeps by design). Trainers run /bin/false, so a job that gets that far fails at once.
// A finding is a crash, a sanitizer report, a leak, or a hang past libFuzzer's -timeout.
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string_view>
#include <thread>

#include "emulator/emulator.hpp"
#include "emulator/server.hpp"

namespace {

namespace fs = std::filesystem;
using magritte::emulator::Emulator;
using magritte::emulator::EmulatorOptions;
using magritte::emulator::Exchange;

// The Emulator's handler, minus fault rules.
class FuzzHandler final : public magritte::emulator::ExchangeHandler {
public:
  explicit FuzzHandler(Emulator& emulator) : emulator_(emulator) {}
  void handle(Exchange& exchange) override {
    if (exchange.request.method == "POST" && exchange.request.path.rfind("/_emulator/faults", 0) == 0) {
      exchange.response = magritte::emulator::Response::error(403, "PERMISSION_DENIED", "no faults in the fuzzer");
      return;
    }
    emulator_.handle(exchange);
  }
  void completed(const Exchange& exchange, const magritte::emulator::Completion& completion) override {
    emulator_.completed(exchange, completion);
  }

private:
  Emulator& emulator_;
};

class World {
public:
  World() {
    char pattern[] = "/tmp/magritte-http-fuzz.XXXXXX";
    if (::mkdtemp(pattern) == nullptr) std::abort();
    data_dir_ = pattern;
    EmulatorOptions options;
    options.port = 0;
    options.data_dir = data_dir_;
    options.buckets = {"magritte-demo"};
    options.print_requests = false;
    options.python = "/bin/false";
    emulator_ = std::make_unique<Emulator>(options);
    emulator_->start();  // wires the services (and listens on a loopback port nobody uses)
    handler_ = std::make_unique<FuzzHandler>(*emulator_);
  }
  ~World() {
    handler_.reset();
    emulator_.reset();
    std::error_code ignored;
    fs::remove_all(data_dir_, ignored);
  }

  // One connection: the input written by a client thread that then reads every response.
  void serve(std::string_view input) {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) std::abort();
    std::thread client([fd = fds[0], input]() mutable {
      while (!input.empty()) {
        const ssize_t sent = ::send(fd, input.data(), input.size(), MSG_NOSIGNAL);
        if (sent <= 0) break;  // the server closed first (a rejected request)
        input.remove_prefix(static_cast<std::size_t>(sent));
      }
      ::shutdown(fd, SHUT_WR);
      char sink[16 * 1024];
      while (::recv(fd, sink, sizeof sink, 0) > 0) {
      }
      ::close(fd);
    });
    const magritte::emulator::ConnectionEnv env{limits_, *handler_, nullptr, registry_};
    magritte::emulator::serve_connection(fds[1], env);
    ::close(fds[1]);
    client.join();
  }

private:
  fs::path data_dir_;
  std::unique_ptr<Emulator> emulator_;
  std::unique_ptr<FuzzHandler> handler_;
  magritte::emulator::HttpLimits limits_;
  magritte::emulator::ConnectionRegistry registry_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  world.serve(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
