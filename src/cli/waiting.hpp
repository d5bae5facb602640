// What every waiting command shares: the wait.* settings with the --timeout flag on top,
// and how the end of a wait becomes magritte's exit (0; 1 FAILED/CANCELLED; 4 timeout, the
// work goes on; 130/143 interrupted, the work goes on) with the commands to carry on.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "magritte/config.hpp"
#include "release/watch.hpp"

namespace CLI {
class App;
class Option;
}

namespace magritte::cli {

struct WaitOptions {
  std::chrono::seconds poll_interval{10};
  std::optional<std::chrono::seconds> timeout;  // nullopt: no limit
};

// wait.poll_interval and wait.timeout, then --timeout D when given ("0" = no limit).
// Throws Error(usage) for a --timeout that is not a duration.
WaitOptions wait_options(const config::Settings& settings, const std::optional<std::string>& timeout_flag);

// --timeout D on a waiting subcommand.
CLI::Option* add_timeout_option(CLI::App& command, std::optional<std::string>& timeout);

release::WatchOptions watch_options(const WaitOptions& wait, const std::string& subject);

// What to tell the user when a wait ends before the work does.
struct CarryOn {
  std::string what;      // "job magritte_v2", "version v2 of model magritte"
  std::string reattach;  // "magritte status magritte_v2 --wait"
  std::string cancel;    // "magritte cancel magritte_v2" ("" when there is no way)
};

// Throws Error(timeout) or Error(interrupted/terminated) for those ends; returns for a
// finished watch (the caller judges the final state).
void stop_unless_finished(const release::WatchOutcome& outcome, const WaitOptions& wait, const CarryOn& carry_on);

}  // namespace magritte::cli
