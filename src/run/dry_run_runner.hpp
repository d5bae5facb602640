#pragma once

#include <ostream>

#include "magritte/runner.hpp"

namespace magritte {

// --dry-run: prints each command as one pasteable shell line and runs nothing.
class DryRunRunner : public Runner {
public:
  explicit DryRunRunner(std::ostream& out) : out_(out) {}
  RunResult run(const Command& command, Capture capture) override;
  bool dry_run() const override { return true; }

private:
  std::ostream& out_;
};

}  // namespace magritte
