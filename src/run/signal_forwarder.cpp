#include "run/signal_forwarder.hpp"

#include <atomic>
#include <csignal>

namespace magritte {
namespace {

std::atomic<pid_t> g_child{0};
std::atomic<int> g_received{0};

void forward(int signal, siginfo_t* info, void* /*context*/) {
  g_received.store(signal);
  const bool from_terminal = info != nullptr && info->si_code == SI_KERNEL;
  const pid_t child = g_child.load();
  if (child > 0 && !from_terminal) kill(child, signal);
}

constexpr int kSignals[] = {SIGINT, SIGTERM};

}  // namespace

SignalForwarder::SignalForwarder() {
  g_received.store(0);
  struct sigaction action = {};
  action.sa_sigaction = forward;
  action.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&action.sa_mask);
  for (int i = 0; i < 2; ++i) sigaction(kSignals[i], &action, &previous_[i]);
}

SignalForwarder::~SignalForwarder() {
  g_child.store(0);
  for (int i = 0; i < 2; ++i) sigaction(kSignals[i], &previous_[i], nullptr);
}

void SignalForwarder::set_child(pid_t pid) {
  g_child.store(pid);
  // A signal that arrived between fork and now was not forwarded yet.
  const int pending = g_received.load();
  if (pending != 0 && pid > 0) kill(pid, pending);
}

int SignalForwarder::received() { return g_received.load(); }

}  // namespace magritte
