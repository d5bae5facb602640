// What one program run in an end-to-end test produced.
#pragma once

#include <string>
#include <vector>

namespace magritte::e2e {

struct CommandResult {
  std::vector<std::string> argv;
  int exit_code = 0;  // 128 + N when killed by signal N
  int signal = 0;     // the signal that killed it, 0 when it exited
  bool timed_out = false;
  double seconds = 0;
  std::string out;
  std::string err;

  bool ok() const { return exit_code == 0 && signal == 0 && !timed_out; }
  // "gsutil -m rsync ... → exit 1 after 1.2 s" + stdout + stderr, for assertion messages.
  std::string describe() const;
};

}  // namespace magritte::e2e
