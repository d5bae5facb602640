// Time for the waiting loops: what time it is, and sleeping in a way that Ctrl-C (SIGINT) or
// SIGTERM cuts short. Tests use a fake clock that jumps instead of sleeping.
#pragma once

#include <chrono>
#include <functional>
#include <signal.h>

namespace magritte::release {

class Clock {
public:
  using Steady = std::chrono::steady_clock::time_point;
  using System = std::chrono::system_clock::time_point;

  virtual ~Clock() = default;
  virtual Steady now() const = 0;          // for timeouts
  virtual System wall_now() const = 0;     // for elapsed times since a server timestamp
  // Sleeps `duration`, calling `tick` about once a second (a live display); returns false
  // early when a stop signal arrived.
  virtual bool sleep_for(std::chrono::milliseconds duration, const std::function<void()>& tick) = 0;
  // SIGINT or SIGTERM when one arrived since the clock was made, else 0.
  virtual int stop_signal() const = 0;
};

// While alive, SIGINT and SIGTERM do not kill magritte: they are remembered, so a waiting
// loop can stop cleanly, say how to re-attach and exit 130/143. (While a gcloud child runs,
// the process runner's own forwarder takes over and restores this one afterwards.)
class StopSignals {
public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // The signal received while this guard (or a runner's forwarder inside it) was active.
  static int received();

private:
  struct sigaction previous_[2] = {};
};

// The real clock; sleeps in short slices so that a stop signal ends the sleep at once.
class SystemClock : public Clock {
public:
  Steady now() const override { return std::chrono::steady_clock::now(); }
  System wall_now() const override { return std::chrono::system_clock::now(); }
  bool sleep_for(std::chrono::milliseconds duration, const std::function<void()>& tick) override;
  int stop_signal() const override { return StopSignals::received(); }
};

}  // namespace magritte::release
