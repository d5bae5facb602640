#pragma once

#include <signal.h>
#include <sys/types.h>

namespace magritte {

// While alive, SIGINT and SIGTERM sent to magritte are passed on to the child processes
// registered with set_child (one per forwarder; several forwarders may live at once, e.g.
// reads run in parallel), and remembered so the caller can exit 130/143 once they are gone.
//
// A Ctrl-C at the terminal already reaches the children (same foreground process group), so
// only signals sent to magritte alone (kill(2): SI_USER/SI_QUEUE) are forwarded; a child
// must not receive the same SIGINT twice.
class SignalForwarder {
public:
  SignalForwarder();
  ~SignalForwarder();
  SignalForwarder(const SignalForwarder&) = delete;
  SignalForwarder& operator=(const SignalForwarder&) = delete;

  void set_child(pid_t pid);
  // The signal received while a forwarder was alive (also before set_child), or 0.
  static int received();

private:
  int slot_ = -1;  // where this forwarder's child is registered
};

}  // namespace magritte
