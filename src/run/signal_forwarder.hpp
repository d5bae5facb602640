#pragma once

#include <signal.h>
#include <sys/types.h>

namespace magritte {

// While alive, SIGINT and SIGTERM sent to magritte are passed on to one child process,
// and remembered so the caller can exit 130/143 once the child is gone.
//
// A Ctrl-C at the terminal already reaches the child (same foreground process group), so
// only signals sent to magritte alone (kill(2): SI_USER/SI_QUEUE) are forwarded; the
// child must not receive the same SIGINT twice.
class SignalForwarder {
public:
  SignalForwarder();
  ~SignalForwarder();
  SignalForwarder(const SignalForwarder&) = delete;
  SignalForwarder& operator=(const SignalForwarder&) = delete;

  void set_child(pid_t pid);
  // The signal received while this forwarder was alive (also before set_child), or 0.
  static int received();

private:
  struct sigaction previous_[2] = {};  // SIGINT, SIGTERM handlers to restore
};

}  // namespace magritte
