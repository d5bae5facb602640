#include "run/dry_run_runner.hpp"

namespace magritte {

RunResult DryRunRunner::run(const Command& command, Capture /*capture*/) {
  commands_.push_back(command);
  if (out_ != nullptr) *out_ << to_shell_line(command) << '\n';
  return {};
}

void DryRunRunner::note(const std::string& comment) {
  if (out_ != nullptr) *out_ << "# " << comment << '\n';
}

}  // namespace magritte
