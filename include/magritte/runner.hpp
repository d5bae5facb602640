// Runs Commands. One interface, three implementations: ProcessRunner (Boost.Process, the
// real thing), DryRunRunner (prints, runs nothing) and FakeRunner (unit tests).
#pragma once

#include <deque>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "magritte/command.hpp"

namespace magritte {

// What happens to the child's output streams.
enum class Capture {
  none,         // both streams go live to magritte's own stdout/stderr
  stdout_only,  // stdout is captured (e.g. --format=json), stderr streams live
  both,         // both captured; the caller decides what to show
};

struct RunResult {
  int exit_code = 0;  // the child's exit status; 128+N when killed by signal N
  int signal = 0;     // the signal that killed the child, 0 if it exited
  std::string out;    // captured stdout (empty unless captured)
  std::string err;    // captured stderr (empty unless captured)

  bool ok() const { return exit_code == 0 && signal == 0; }
};

class Runner {
public:
  virtual ~Runner() = default;
  // Runs the command to completion. Throws Error(tool_missing) when the program is not
  // found, Error(interrupted/terminated) when magritte itself got SIGINT/SIGTERM while
  // waiting (the signal has been forwarded to the child). A non-zero child exit is a
  // normal RunResult, not an exception: the caller knows what a failure means.
  virtual RunResult run(const Command& command, Capture capture) = 0;
  // True when commands are printed instead of executed (--dry-run).
  virtual bool dry_run() const { return false; }
};

}  // namespace magritte
