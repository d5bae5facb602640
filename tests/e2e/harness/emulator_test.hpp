// The end-to-end fixture: every test gets its own temp dir (HOME, work dir, emulator data
// dir), its own emulator (`magritte emulator start`, a child process on a free port), the
// environment `magritte emulator env --format json` prints, and helpers to run the REAL
// gcloud, gsutil and the built magritte in that environment, scrubbed of the machine's
// CLOUDSDK_*/BOTO_*/MAGRITTE_* and seed variables. At the end it checks that nothing died
// by a signal or printed "terminate called".
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness/child_process.hpp"
#include "harness/command_result.hpp"

namespace magritte::e2e {

using namespace std::chrono_literals;

enum class StopMode { sigterm, sigkill };

// Whether `part` occurs in `text` (std::string::contains is C++23).
inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A whole file's bytes ("" when it cannot be read: tests print it, then assert on it).
std::string read_text(const std::filesystem::path& path);

// Polls `holds` every 50 ms until it is true (true) or `timeout` passes (false). For waiting
// on a state the test itself holds, never for a delay to run out.
template <typename Predicate>
bool eventually(Predicate holds, std::chrono::seconds timeout = std::chrono::seconds(90)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!holds()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

class EmulatorTest : public ::testing::Test {
protected:
  void SetUp() override;
  void TearDown() override;

  // Buckets created at emulator start (override to change).
  virtual std::vector<std::string> initial_buckets() const { return {"magritte-test"}; }
  // More `magritte emulator start` flags (e.g. {"--version-create-delay", "10000"}), used at
  // every start, restarts included.
  virtual std::vector<std::string> extra_emulator_args() const { return {}; }

  // Runs a program in the emulator environment, in work_dir(). argv[0] "magritte" means
  // the magritte binary under test (from CMake, never from PATH).
  CommandResult run(std::vector<std::string> argv, const std::optional<std::string>& input = std::nullopt,
                    std::chrono::milliseconds timeout = 180s);
  CommandResult gcloud(std::vector<std::string> args) { return run(prepend("gcloud", std::move(args))); }
  CommandResult gsutil(std::vector<std::string> args) { return run(prepend("gsutil", std::move(args))); }
  CommandResult magritte(std::vector<std::string> args) { return run(prepend("magritte", std::move(args))); }
  // The same with an explicit environment (e.g. the scrubbed one without the emulator's).
  CommandResult run_with(const Environment& env, std::vector<std::string> argv,
                         std::chrono::milliseconds timeout = 180s,
                         const std::optional<std::string>& input = std::nullopt);
  // The scrubbed environment (HOME set) before `emulator env` is applied.
  Environment base_environment() const;
  std::string magritte_binary() const;

  // Starts a program in the background (same environment as run()); output goes to a file
  // in the scratch dir (its path in *log when given). For tests that do something while it
  // runs (kill the emulator, release a hold...).
  std::unique_ptr<BackgroundProcess> spawn(std::vector<std::string> argv, std::filesystem::path* log = nullptr);

  // Stops the emulator (SIGTERM: must exit 0; SIGKILL: as a crash would) and starts it
  // again on the same port and data dir.
  void restart_emulator(StopMode mode);
  void stop_emulator(StopMode mode);
  void start_emulator();

  // Control API.
  nlohmann::json control(const std::string& method, const std::string& path,
                         const std::optional<nlohmann::json>& body = std::nullopt);
  void inject_fault(const nlohmann::json& rule);
  // Also releases the requests that `hold` / `hold_response` rules keep waiting.
  void clear_faults();
  // The requests a `hold` / `hold_response` fault keeps waiting ({rule, method, path}): a
  // test knows the request arrived, and that it stays there until clear_faults().
  std::vector<nlohmann::json> held_requests();
  // Holds: keep work of `kind` (Vertex: "upload", "endpoint_create", "deploy", "undeploy",
  // "custom_job_queued", "custom_job_running"; ml v1: "version_create", "job_running") pending until
  // released; `match` (a regex on the resource name or display name) narrows it. Returns the
  // hold's id.
  std::uint64_t hold(const std::string& kind, const std::string& match = "");
  void release(std::uint64_t hold_id);
  void release_all_holds();
  // The names waiting on a hold (e.g. to wait until a deploy is really held).
  std::vector<std::string> held_by(std::uint64_t hold_id);
  std::uint64_t last_request_seq();
  std::vector<nlohmann::json> requests_since(std::uint64_t seq);
  // Requests among `requests` whose method is `method` and whose path matches `pattern`.
  static std::vector<nlohmann::json> matching(const std::vector<nlohmann::json>& requests, const std::string& method,
                                              const std::string& pattern);
  // Upload requests (POST/PUT under /upload or /resumable) among requests_since(seq).
  std::vector<nlohmann::json> uploads_since(std::uint64_t seq);

  // Files: write_file("data/a.txt", "x") under work_dir(), parents created.
  std::filesystem::path write_file(const std::string& relative, const std::string& content);

  const std::filesystem::path& work_dir() const { return work_dir_; }
  const std::filesystem::path& home() const { return home_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  int port() const { return port_; }
  const Environment& environment() const { return env_; }
  // A variable every later run() of this test sees (e.g. MAGRITTE_GCLOUD_BACKEND).
  void set_environment_variable(const std::string& name, const std::string& value) { env_[name] = value; }
  std::string emulator_log() const;

private:
  static std::vector<std::string> prepend(std::string program, std::vector<std::string> args);
  void wait_until_healthy(std::chrono::milliseconds timeout);
  void load_emulator_env();
  void check_no_crash(const CommandResult& result);

  std::filesystem::path root_, work_dir_, home_, data_dir_, scratch_, log_file_;
  int port_ = 0;
  Environment env_;
  std::unique_ptr<BackgroundProcess> emulator_;
  std::vector<std::string> crashes_;  // descriptions of runs that died by a signal or aborted
};

}  // namespace magritte::e2e
