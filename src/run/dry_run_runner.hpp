#pragma once

#include <ostream>
#include <vector>

#include "magritte/runner.hpp"

namespace magritte {

// --dry-run: records each command, prints it as one pasteable shell line when given a
// stream (text output), and runs nothing. Under --format json the recorded commands are
// reported in the command's JSON result instead.
class DryRunRunner : public Runner {
public:
  explicit DryRunRunner(std::ostream* out) : out_(out) {}
  RunResult run(const Command& command, Capture capture) override;
  bool dry_run() const override { return true; }

  const std::vector<Command>& commands() const { return commands_; }
  // A line a human reads but a shell ignores, e.g. "# only if the model does not exist:".
  void note(const std::string& comment) override;

private:
  std::ostream* out_;
  std::vector<Command> commands_;
};

}  // namespace magritte
