// Spawning programs for end-to-end tests (Boost.Process stays in child_process.cpp).
// Output goes to files, never pipes: `gsutil -m` leaves worker processes that would hold a
// pipe open after gsutil itself exits.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/command_result.hpp"

namespace magritte::e2e {

using Environment = std::map<std::string, std::string>;

// Runs argv (argv[0] looked up on env's PATH unless it has a slash) with exactly `env`, in
// cwd, stdin from `input` (or /dev/null). Kills it (and reports timed_out) after `timeout`.
CommandResult run_command(const std::vector<std::string>& argv, const Environment& env,
                          const std::filesystem::path& cwd, const std::optional<std::string>& input,
                          std::chrono::milliseconds timeout, const std::filesystem::path& scratch_dir);

// A long-running child (the emulator, a gsutil -m run) with stdout and stderr appended to
// log_file, in its own process group so that its helpers can be killed with it.
class BackgroundProcess {
public:
  BackgroundProcess(const std::vector<std::string>& argv, const Environment& env,
                    const std::filesystem::path& cwd, const std::filesystem::path& log_file);
  ~BackgroundProcess();  // SIGKILLs a still-running child and its process group
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  int pid() const;
  bool running();
  void send_signal(int signal_number);  // to the child only
  void kill_group();                    // SIGKILL to the child and everything it started
  // Waits for the exit; false on timeout. Then exit_code()/signal() describe how it ended.
  bool wait(std::chrono::milliseconds timeout);
  int exit_code() const { return exit_code_; }
  int signal() const { return signal_; }

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int exit_code_ = -1;
  int signal_ = 0;
};

// The current process's environment with everything that could steer gcloud, gsutil or
// magritte elsewhere removed (CLOUDSDK_*, BOTO_*, MAGRITTE_*, GOOGLE_*, proxies, the seed's
// variables), HOME set to `home`; PATH kept.
Environment scrubbed_environment(const std::filesystem::path& home);

}  // namespace magritte::e2e
