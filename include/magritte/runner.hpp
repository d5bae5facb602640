// Runs Commands. One interface, three implementations: ProcessRunner (Boost.Process, the
// real thing), DryRunRunner (prints, runs nothing) and FakeRunner (unit tests).
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "magritte/command.hpp"

namespace magritte {

// What happens to the child's output streams. Unless `both` is asked, stderr goes live to
// the terminal AND is kept (its last 64 KiB) in RunResult::err, so that callers can turn a
// gcloud failure into a clear message without hiding gcloud's progress from the user.
enum class Capture {
  none,         // stdout live; stderr live and kept
  stdout_only,  // stdout captured (e.g. --format=json); stderr live and kept
  both,         // both captured, nothing shown; the caller decides what to print
};

struct RunResult {
  int exit_code = 0;  // the child's exit status; 128+N when killed by signal N
  int signal = 0;     // the signal that killed the child, 0 if it exited
  std::string out;    // captured stdout (empty unless captured)
  std::string err;    // stderr (always kept, see Capture)
  bool timed_out = false;  // run_until: the deadline passed and the child was stopped

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
  // The same, but when `deadline` passes first the child and everything below it are
  // stopped (SIGTERM, then SIGKILL after a grace period) and the result says timed_out.
  // Runners that cannot stop a child just run it (the default).
  virtual RunResult run_until(const Command& command, Capture capture,
                              std::chrono::steady_clock::time_point /*deadline*/) {
    return run(command, capture);
  }
  // Runs commands that do not depend on each other (reads) at once; the results in the
  // order given. Runners that cannot run in parallel run them one after the other.
  virtual std::vector<RunResult> run_all(const std::vector<Command>& commands, Capture capture) {
    std::vector<RunResult> results;
    for (const auto& command : commands) results.push_back(run(command, capture));
    return results;
  }
  // run_all with a deadline: each command still running when `deadline` passes is stopped
  // alone (its siblings go on) and its result says timed_out. Runners that cannot stop a
  // child run them one after the other (the default).
  virtual std::vector<RunResult> run_all_until(const std::vector<Command>& commands, Capture capture,
                                               std::chrono::steady_clock::time_point deadline) {
    std::vector<RunResult> results;
    for (const auto& command : commands) results.push_back(run_until(command, capture, deadline));
    return results;
  }
  // True when run() may be called from several threads at once (ProcessRunner); test
  // runners keep one deterministic order instead.
  virtual bool concurrent() const { return false; }
  // True when commands are printed instead of executed (--dry-run).
  virtual bool dry_run() const { return false; }
  // Explains the next command to a human reading a dry run ("# only if ..."); a real run
  // ignores it.
  virtual void note(const std::string& /*comment*/) {}
};

}  // namespace magritte
