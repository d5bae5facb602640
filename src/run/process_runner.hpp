#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "magritte/runner.hpp"

namespace magritte {

// Runs commands for real with Boost.Process: argv vectors, never a shell. While a child
// runs, SIGINT/SIGTERM sent to magritte are forwarded to it (see signal_forwarder.hpp);
// once it has exited, run() throws Error(interrupted|terminated).
class ProcessRunner : public Runner {
public:
  struct Options {
    bool verbose = false;  // log each command (shell-quoted) on stderr before running it
  };
  explicit ProcessRunner(Options options) : options_(options) {}
  RunResult run(const Command& command, Capture capture) override;
  RunResult run_until(const Command& command, Capture capture,
                      std::chrono::steady_clock::time_point deadline) override;
  // Each command on its own thread, all children at once; signals reach every one of them.
  std::vector<RunResult> run_all(const std::vector<Command>& commands, Capture capture) override;
  std::vector<RunResult> run_all_until(const std::vector<Command>& commands, Capture capture,
                                       std::chrono::steady_clock::time_point deadline) override;
  bool concurrent() const override { return true; }

private:
  std::vector<RunResult> run_all_with(const std::vector<Command>& commands, Capture capture,
                                      std::optional<std::chrono::steady_clock::time_point> deadline);
  RunResult run_with(const Command& command, Capture capture,
                     std::optional<std::chrono::steady_clock::time_point> deadline);

  Options options_;
};

// Where `program` would be run from: itself when it holds a '/' and is executable, else the
// first match on PATH; nullopt when there is none (what run() reports as tool_missing).
std::optional<std::filesystem::path> find_program_path(const std::string& program);

}  // namespace magritte
