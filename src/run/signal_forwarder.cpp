#include "run/signal_forwarder.hpp"

#include <array>
#include <atomic>
#include <csignal>
#include <mutex>

namespace magritte {
namespace {

// Read by the signal handler: lock-free atomics only. 0 is a free slot.
constexpr std::size_t kMaxChildren = 16;
std::array<std::atomic<pid_t>, kMaxChildren> g_children{};
std::atomic<int> g_received{0};

// The handlers are installed by the first live forwarder and restored by the last.
std::mutex g_install_mutex;
int g_live = 0;
struct sigaction g_previous[2] = {};

void forward(int signal, siginfo_t* info, void* /*context*/) {
  g_received.store(signal);
  const bool from_terminal = info != nullptr && info->si_code == SI_KERNEL;
  if (from_terminal) return;
  for (auto& child : g_children) {
    const pid_t pid = child.load();
    if (pid > 0) kill(pid, signal);
  }
}

constexpr int kSignals[] = {SIGINT, SIGTERM};

}  // namespace

SignalForwarder::SignalForwarder() {
  std::lock_guard lock(g_install_mutex);
  if (g_live++ > 0) return;
  g_received.store(0);
  struct sigaction action = {};
  action.sa_sigaction = forward;
  action.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&action.sa_mask);
  for (int i = 0; i < 2; ++i) sigaction(kSignals[i], &action, &g_previous[i]);
}

SignalForwarder::~SignalForwarder() {
  if (slot_ >= 0) g_children[static_cast<std::size_t>(slot_)].store(0);
  std::lock_guard lock(g_install_mutex);
  if (--g_live > 0) return;
  for (int i = 0; i < 2; ++i) sigaction(kSignals[i], &g_previous[i], nullptr);
}

void SignalForwarder::set_child(pid_t pid) {
  for (std::size_t i = 0; i < kMaxChildren && slot_ < 0; ++i) {
    pid_t free = 0;
    if (g_children[i].compare_exchange_strong(free, pid)) slot_ = static_cast<int>(i);
  }
  // More children at once than slots: this one still gets a signal sent to magritte through
  // the caller's stop path (received() is checked while waiting), only a little later.
  // A signal that arrived between fork and now was not forwarded yet.
  const int pending = g_received.load();
  if (pending != 0 && pid > 0) kill(pid, pending);
}

int SignalForwarder::received() { return g_received.load(); }

}  // namespace magritte
