#pragma once

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

private:
  Options options_;
};

}  // namespace magritte
