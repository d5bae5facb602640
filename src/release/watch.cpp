#include "release/watch.hpp"

#include <csignal>

#include "magritte/error.hpp"

namespace magritte::release {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::seconds;

int signal_of(const Error& error) {
  if (error.code() == ExitCode::interrupted) return SIGINT;
  if (error.code() == ExitCode::terminated) return SIGTERM;
  return 0;
}

class Watch {
public:
  Watch(const WatchHooks& hooks, Clock& clock, Progress& progress, const WatchOptions& options)
      : hooks_(hooks), clock_(clock), progress_(progress), options_(options),
        start_(clock.now()), wall_start_(clock.wall_now()) {}

  WatchOutcome run() {
    for (;;) {
      if (const int signal = clock_.stop_signal()) return stop(WatchEnd::interrupted, signal);
      std::optional<Observation> seen;
      try {
        seen = poll_once();
        if (seen) {
          show(*seen);
          if (hooks_.after_poll) hooks_.after_poll(*seen);
        }
      } catch (const Error& error) {
        if (const int signal = signal_of(error)) return stop(WatchEnd::interrupted, signal);
        throw;
      }
      if (seen && seen->final) return stop(WatchEnd::finished, 0);
      if (timed_out()) return stop(WatchEnd::timed_out, 0);
      if (!clock_.sleep_for(next_sleep(), [this] { tick(); })) {
        return stop(WatchEnd::interrupted, clock_.stop_signal());
      }
    }
  }

private:
  // nullopt: the poll failed and will be retried.
  std::optional<Observation> poll_once() {
    try {
      Observation seen = hooks_.poll();
      failures_ = 0;
      return seen;
    } catch (const Error& error) {
      if (error.code() != ExitCode::cloud_failed || ++failures_ > options_.max_poll_failures) throw;
      if (hooks_.warn) {
        hooks_.warn(std::string(error.what()) + " (checking again in " +
                    std::to_string(duration_cast<seconds>(options_.poll_interval).count()) + " s)");
      }
      return std::nullopt;
    }
  }

  void show(const Observation& seen) {
    since_ = seen.since;
    const bool changed = outcome_.last.state.empty() || seen.state != outcome_.last.state;
    outcome_.last = seen;
    outcome_.elapsed = elapsed();
    if (changed) {
      progress_.state_changed(options_.subject, seen.state, outcome_.elapsed);
    } else {
      progress_.still(options_.subject, seen.state, outcome_.elapsed);
    }
  }

  void tick() {
    if (outcome_.last.state.empty()) return;
    progress_.still(options_.subject, outcome_.last.state, elapsed());
  }

  // From the resource's creation when the server said, else from the start of the wait;
  // never negative (clock skew between here and the server).
  seconds elapsed() const {
    const auto from = since_ ? *since_ : wall_start_;
    const auto value = duration_cast<seconds>(clock_.wall_now() - from);
    return value.count() < 0 ? seconds(0) : value;
  }

  bool timed_out() const {
    return options_.timeout && clock_.now() - start_ >= *options_.timeout;
  }

  // The poll interval, cut short so that the timeout is noticed when it passes.
  milliseconds next_sleep() const {
    milliseconds sleep = options_.poll_interval;
    if (options_.timeout) {
      // Rounded up: a sleep that ends before the deadline would poll once more for nothing.
      const auto left = std::chrono::ceil<milliseconds>(*options_.timeout - (clock_.now() - start_));
      if (left < sleep) sleep = left.count() > 0 ? left : milliseconds(0);
    }
    return sleep;
  }

  WatchOutcome stop(WatchEnd end, int signal) {
    progress_.done();
    outcome_.end = end;
    outcome_.signal = signal;
    if (!outcome_.last.state.empty()) outcome_.elapsed = elapsed();
    return outcome_;
  }

  const WatchHooks& hooks_;
  Clock& clock_;
  Progress& progress_;
  const WatchOptions& options_;
  const Clock::Steady start_;
  const Clock::System wall_start_;
  std::optional<SystemTime> since_;
  int failures_ = 0;
  WatchOutcome outcome_;
};

}  // namespace

WatchOutcome watch(const WatchHooks& hooks, Clock& clock, Progress& progress, const WatchOptions& options) {
  return Watch(hooks, clock, progress, options).run();
}

}  // namespace magritte::release
