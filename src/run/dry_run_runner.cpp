#include "run/dry_run_runner.hpp"

namespace magritte {

RunResult DryRunRunner::run(const Command& command, Capture /*capture*/) {
  out_ << to_shell_line(command) << '\n';
  return {};
}

}  // namespace magritte
