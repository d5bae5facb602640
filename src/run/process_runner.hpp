#pragma once

#include <optional>

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
  bool concurrent() const override { return true; }

private:
  RunResult run_with(const Command& command, Capture capture,
                     std::optional<std::chrono::steady_clock::time_point> deadline);

  Options options_;
};

}  // namespace magritte
