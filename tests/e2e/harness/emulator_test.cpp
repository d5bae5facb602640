#include "harness/emulator_test.hpp"

#include <signal.h>
#include <stdlib.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "harness/control_client.hpp"

#ifndef MAGRITTE_BINARY
#error "MAGRITTE_BINARY (the magritte executable under test) must come from CMake"
#endif

namespace magritte::e2e {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path make_temp_root() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/magritte-e2e-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

// Text that means a C++ program died badly even if its exit status looks fine.
bool looks_crashed(const std::string& text) {
  return text.find("terminate called") != std::string::npos ||
         text.find("AddressSanitizer") != std::string::npos ||
         text.find("runtime error:") != std::string::npos;
}

}  // namespace

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> EmulatorTest::prepend(std::string program, std::vector<std::string> args) {
  args.insert(args.begin(), std::move(program));
  return args;
}

void EmulatorTest::SetUp() {
  root_ = make_temp_root();
  work_dir_ = root_ / "work";
  home_ = root_ / "home";
  data_dir_ = root_ / "emulator";
  scratch_ = root_ / "scratch";
  log_file_ = root_ / "emulator.log";
  for (const auto& dir : {work_dir_, home_, scratch_}) fs::create_directories(dir);
  start_emulator();
  if (HasFatalFailure()) return;  // the test body is skipped; TearDown keeps the logs
  load_emulator_env();
}

void EmulatorTest::TearDown() {
  if (emulator_) stop_emulator(StopMode::sigterm);
  const std::string log = emulator_log();
  if (looks_crashed(log)) ADD_FAILURE() << "the emulator crashed; its log:\n" << log;
  for (const auto& crash : crashes_) ADD_FAILURE() << "a program crashed:\n" << crash;
  if (HasFailure()) {
    std::cerr << "e2e: kept " << root_ << " for inspection (emulator log: " << log_file_ << ")\n";
  } else {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
}

void EmulatorTest::start_emulator() {
  const auto log_offset = fs::exists(log_file_) ? fs::file_size(log_file_) : 0;
  std::vector<std::string> argv = {MAGRITTE_BINARY, "emulator", "start", "--port", std::to_string(port_),
                                   "--data-dir", data_dir_.string()};
  for (const auto& bucket : initial_buckets()) {
    argv.push_back("--bucket");
    argv.push_back(bucket);
  }
  for (const auto& arg : extra_emulator_args()) argv.push_back(arg);
  emulator_ = std::make_unique<BackgroundProcess>(argv, scrubbed_environment(home_), work_dir_, log_file_);
  if (port_ == 0) {
    // --port 0: the kernel picks a free port (no race with other tests); the banner says which.
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    static const std::regex banner("listening on 127\\.0\\.0\\.1:([0-9]+)");
    while (port_ == 0 && std::chrono::steady_clock::now() < deadline) {
      const std::string fresh = read_text(log_file_).substr(log_offset);
      std::smatch match;
      if (std::regex_search(fresh, match, banner)) port_ = std::stoi(match[1]);
      if (port_ == 0) std::this_thread::sleep_for(5ms);
    }
    ASSERT_NE(port_, 0) << "the emulator did not start; its log:\n" << emulator_log();
  }
  wait_until_healthy(10s);
}

void EmulatorTest::wait_until_healthy(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (control_request(port_, "GET", "/_emulator/health").status == 200) return;
    ASSERT_TRUE(emulator_->running()) << "the emulator exited; its log:\n" << emulator_log();
    std::this_thread::sleep_for(5ms);
  }
  FAIL() << "the emulator is not healthy after " << timeout.count() << " ms; its log:\n" << emulator_log();
}

void EmulatorTest::load_emulator_env() {
  const Environment base = scrubbed_environment(home_);
  const CommandResult result = run_command({MAGRITTE_BINARY, "emulator", "env", "--port", std::to_string(port_),
                                            "--data-dir", data_dir_.string(), "--format", "json"},
                                           base, work_dir_, std::nullopt, 30s, scratch_);
  ASSERT_TRUE(result.ok()) << result.describe();
  const json printed = json::parse(result.out);
  env_ = base;
  for (const auto& [name, value] : printed.at("env").items()) env_[name] = value.get<std::string>();
  for (const auto& name : printed.at("unset")) env_.erase(name.get<std::string>());
}

void EmulatorTest::stop_emulator(StopMode mode) {
  ASSERT_TRUE(emulator_) << "no emulator running";
  emulator_->send_signal(mode == StopMode::sigterm ? SIGTERM : SIGKILL);
  const bool exited = emulator_->wait(15s);
  if (!exited) {
    emulator_.reset();  // SIGKILLs it
    FAIL() << "the emulator did not stop within 15 s of SIGTERM";
  }
  if (mode == StopMode::sigterm) {
    EXPECT_EQ(emulator_->signal(), 0) << "the emulator died by signal " << emulator_->signal();
    EXPECT_EQ(emulator_->exit_code(), 0) << "the emulator log:\n" << emulator_log();
  }
  emulator_.reset();
}

void EmulatorTest::restart_emulator(StopMode mode) {
  stop_emulator(mode);
  start_emulator();
}

Environment EmulatorTest::base_environment() const { return scrubbed_environment(home_); }

std::string EmulatorTest::magritte_binary() const { return MAGRITTE_BINARY; }

CommandResult EmulatorTest::run(std::vector<std::string> argv, const std::optional<std::string>& input,
                                std::chrono::milliseconds timeout) {
  return run_with(env_, std::move(argv), timeout, input);
}

CommandResult EmulatorTest::run_with(const Environment& env, std::vector<std::string> argv,
                                     std::chrono::milliseconds timeout, const std::optional<std::string>& input) {
  if (!argv.empty() && argv[0] == "magritte") argv[0] = MAGRITTE_BINARY;
  CommandResult result = run_command(argv, env, work_dir_, input, timeout, scratch_);
  // One line per command in the test log: what ran, how it ended, how long it took.
  std::cerr << "e2e: $";
  for (const auto& arg : argv) std::cerr << ' ' << arg;
  std::cerr << "  → " << result.exit_code << " in " << result.seconds << " s\n";
  check_no_crash(result);
  return result;
}

std::unique_ptr<BackgroundProcess> EmulatorTest::spawn(std::vector<std::string> argv, fs::path* log_out) {
  if (!argv.empty() && argv[0] == "magritte") argv[0] = MAGRITTE_BINARY;
  static int counter = 0;
  const fs::path log = scratch_ / ("spawn" + std::to_string(counter++) + ".log");
  if (log_out != nullptr) *log_out = log;
  std::cerr << "e2e: spawned $";
  for (const auto& arg : argv) std::cerr << ' ' << arg;
  std::cerr << "  (output in " << log << ")\n";
  return std::make_unique<BackgroundProcess>(argv, env_, work_dir_, log);
}

void EmulatorTest::check_no_crash(const CommandResult& result) {
  if (result.signal != 0 || looks_crashed(result.out) || looks_crashed(result.err)) {
    crashes_.push_back(result.describe());
  }
}

json EmulatorTest::control(const std::string& method, const std::string& path, const std::optional<json>& body) {
  const ControlReply reply = control_request(port_, method, path, body);
  EXPECT_EQ(reply.status, 200) << method << " " << path << ": " << reply.body.dump();
  return reply.body;
}

void EmulatorTest::inject_fault(const json& rule) { control("POST", "/_emulator/faults", rule); }

void EmulatorTest::clear_faults() { control("DELETE", "/_emulator/faults"); }

std::vector<json> EmulatorTest::held_requests() {
  return control("GET", "/_emulator/faults").value("held", json::array()).get<std::vector<json>>();
}

std::uint64_t EmulatorTest::hold(const std::string& kind, const std::string& match) {
  json rule = {{"kind", kind}};
  if (!match.empty()) rule["match"] = match;
  return control("POST", "/_emulator/holds", rule).value("id", std::uint64_t{0});
}

void EmulatorTest::release(std::uint64_t hold_id) { control("DELETE", "/_emulator/holds/" + std::to_string(hold_id)); }

void EmulatorTest::release_all_holds() { control("DELETE", "/_emulator/holds"); }

std::vector<std::string> EmulatorTest::held_by(std::uint64_t hold_id) {
  for (const json& hold : control("GET", "/_emulator/holds").value("holds", json::array())) {
    if (hold.value("id", std::uint64_t{0}) == hold_id) return hold.value("held", std::vector<std::string>{});
  }
  return {};
}

std::uint64_t EmulatorTest::last_request_seq() {
  return control("GET", "/_emulator/requests?since=999999999999").value("last_seq", 0u);
}

std::vector<json> EmulatorTest::requests_since(std::uint64_t seq) {
  const json reply = control("GET", "/_emulator/requests?since=" + std::to_string(seq));
  return reply.value("requests", json::array()).get<std::vector<json>>();
}

std::vector<json> EmulatorTest::matching(const std::vector<json>& requests, const std::string& method,
                                         const std::string& pattern) {
  const std::regex regex(pattern);
  std::vector<json> found;
  for (const auto& request : requests) {
    if (request.value("method", "") == method && std::regex_search(request.value("path", ""), regex)) {
      found.push_back(request);
    }
  }
  return found;
}

std::vector<json> EmulatorTest::uploads_since(std::uint64_t seq) {
  std::vector<json> uploads;
  for (const json& request : requests_since(seq)) {
    const std::string path = request.value("path", "");
    const std::string method = request.value("method", "");
    const bool upload_path = path.rfind("/upload/", 0) == 0 || path.rfind("/resumable/", 0) == 0;
    if (upload_path && (method == "POST" || method == "PUT")) uploads.push_back(request);
  }
  return uploads;
}

fs::path EmulatorTest::write_file(const std::string& relative, const std::string& content) {
  const fs::path path = work_dir_ / fs::u8path(relative);
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

std::string EmulatorTest::emulator_log() const { return read_text(log_file_); }

}  // namespace magritte::e2e
