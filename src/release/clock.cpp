#include "release/clock.hpp"

#include <atomic>
#include <thread>

#include "run/signal_forwarder.hpp"

namespace magritte::release {
namespace {

std::atomic<int> g_stop_signal{0};

void remember(int signal) { g_stop_signal.store(signal); }

constexpr int kSignals[] = {SIGINT, SIGTERM};

}  // namespace

StopSignals::StopSignals() {
  g_stop_signal.store(0);
  struct sigaction action = {};
  action.sa_handler = remember;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  for (int i = 0; i < 2; ++i) sigaction(kSignals[i], &action, &previous_[i]);
}

StopSignals::~StopSignals() {
  for (int i = 0; i < 2; ++i) sigaction(kSignals[i], &previous_[i], nullptr);
}

int StopSignals::received() {
  if (const int signal = g_stop_signal.load(); signal != 0) return signal;
  // A signal that reached the runner's forwarder after its child had exited, just before
  // the forwarder handed the handlers back, is only recorded there.
  return SignalForwarder::received();
}

bool SystemClock::sleep_for(std::chrono::milliseconds duration, const std::function<void()>& tick) {
  using namespace std::chrono;
  constexpr auto kSlice = milliseconds(100);
  const auto start = steady_clock::now();
  const auto end = start + duration;
  auto next_tick = start + seconds(1);
  while (stop_signal() == 0) {
    const auto now = steady_clock::now();
    if (now >= end) return true;
    if (tick && now >= next_tick) {
      tick();
      next_tick += seconds(1);
    }
    std::this_thread::sleep_for(std::min<steady_clock::duration>(kSlice, end - now));
  }
  return false;
}

}  // namespace magritte::release
