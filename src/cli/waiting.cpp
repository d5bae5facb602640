#include "cli/waiting.hpp"

#include <csignal>

#include <CLI/CLI.hpp>

#include "magritte/duration.hpp"
#include "magritte/error.hpp"

namespace magritte::cli {

WaitOptions wait_options(const config::Settings& settings, const std::optional<std::string>& timeout_flag) {
  WaitOptions wait;
  wait.poll_interval = std::chrono::seconds(settings.integer("wait.poll_interval"));
  std::string text = settings.str("wait.timeout");  // validated by the config schema
  if (timeout_flag) {
    if (!parse_duration(*timeout_flag)) {
      throw usage_error("--timeout: '" + *timeout_flag + "' is not " + kDurationSyntax);
    }
    text = *timeout_flag;
  }
  const auto timeout = parse_duration(text);
  if (timeout && timeout->count() > 0) wait.timeout = *timeout;
  return wait;
}

CLI::Option* add_timeout_option(CLI::App& command, std::optional<std::string>& timeout) {
  return command.add_option("--timeout", timeout,
                     "Stop waiting after this long (90s, 15m, 2h; 0 = never; wait.timeout); the work goes on "
                     "and magritte exits 4");
}

release::WatchOptions watch_options(const WaitOptions& wait, const std::string& subject) {
  release::WatchOptions options;
  options.subject = subject;
  options.poll_interval = wait.poll_interval;
  if (wait.timeout) options.timeout = *wait.timeout;
  return options;
}

void stop_unless_finished(const release::WatchOutcome& outcome, const WaitOptions& wait, const CarryOn& carry_on) {
  const std::string state = outcome.last.state.empty() ? "" : " (" + outcome.last.state + ")";
  std::string hint = "wait again: " + carry_on.reattach;
  if (!carry_on.cancel.empty()) hint += "; cancel it: " + carry_on.cancel;
  switch (outcome.end) {
    case release::WatchEnd::finished:
      return;
    case release::WatchEnd::timed_out:
      throw Error(ExitCode::timeout,
                  "gave up waiting for " + carry_on.what + state + " after " +
                      format_duration(wait.timeout.value_or(std::chrono::seconds(0))) + " (--timeout); it goes on",
                  hint);
    case release::WatchEnd::interrupted:
      const bool term = outcome.signal == SIGTERM;
      throw Error(term ? ExitCode::terminated : ExitCode::interrupted,
                  "stopped waiting for " + carry_on.what + state + " (" + (term ? "SIGTERM" : "SIGINT") +
                      "); it goes on",
                  hint);
  }
}

}  // namespace magritte::cli
