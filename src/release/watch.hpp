// The waiting loop shared by jobs (train --wait, status --wait, logs --follow) and versions
// (deploy --wait): ask for the state every poll interval until it is final, the timeout
// passes, or Ctrl-C/SIGTERM stops the watch. It never cancels or changes anything itself.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "release/clock.hpp"
#include "release/progress.hpp"
#include "magritte/timestamp.hpp"

namespace magritte::release {

// What one poll saw.
struct Observation {
  std::string state;
  bool final = false;
  std::optional<SystemTime> since;  // when the resource was created: elapsed counts from it
};

struct WatchOptions {
  std::string subject;  // "job magritte_v2", for the progress lines
  std::chrono::milliseconds poll_interval{10000};
  std::optional<std::chrono::milliseconds> timeout;  // nullopt: wait as long as it takes
  // Consecutive Error(cloud_failed) from poll() tolerated (with a warning each) before the
  // last one is rethrown: one flaky gcloud call must not end a two-hour wait.
  int max_poll_failures = 3;
};

enum class WatchEnd { finished, timed_out, interrupted };

struct WatchOutcome {
  WatchEnd end = WatchEnd::finished;
  Observation last;                    // the last state seen
  int signal = 0;                      // SIGINT/SIGTERM when interrupted
  std::chrono::seconds elapsed{0};     // as last shown
};

struct WatchHooks {
  std::function<Observation()> poll;  // may throw magritte::Error
  // Called after every successful poll, the final one included (e.g. print new log lines).
  std::function<void(const Observation&)> after_poll;
  std::function<void(const std::string&)> warn;  // a poll failure that will be retried
};

// Errors from poll() other than cloud failures propagate; an Error(interrupted|terminated)
// (the runner saw the signal while gcloud ran) ends the watch as interrupted.
WatchOutcome watch(const WatchHooks& hooks, Clock& clock, Progress& progress, const WatchOptions& options);

}  // namespace magritte::release
