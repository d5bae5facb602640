// Errors and the documented exit codes. Lower layers throw magritte::Error; main() catches
// once, prints "magritte: error: <message>" and exits with the error's code.
#pragma once

#include <stdexcept>
#include <string>

namespace magritte {

// Documented in README.md ("Exit codes"). Never renumber: scripts depend on them.
enum class ExitCode : int {
  ok = 0,
  cloud_failed = 1,     // a gcloud/gsutil command or a cloud request failed
  usage = 2,            // bad flags, bad config, bad input
  refused = 3,          // a precondition refused the action (nothing was changed)
  timeout = 4,          // --timeout reached; the remote work goes on
  internal = 70,        // a bug in magritte (EX_SOFTWARE); please report it
  tool_missing = 127,   // gcloud/gsutil (or another required program) not found
  interrupted = 130,    // SIGINT
  terminated = 143,     // SIGTERM
};

constexpr int to_int(ExitCode code) { return static_cast<int>(code); }

// What each code means, for the man page (`magritte man`; README.md "Exit codes" says the same).
struct ExitCodeMeaning {
  ExitCode code;
  const char* meaning;
};
inline constexpr ExitCodeMeaning kExitCodeMeanings[] = {
    {ExitCode::ok, "success (also: nothing to do, e.g. promoting the current default)"},
    {ExitCode::cloud_failed, "a cloud command or request failed (gcloud's error is shown); a job ended FAILED or CANCELLED"},
    {ExitCode::usage, "usage, configuration or input error (nothing was run)"},
    {ExitCode::refused, "a precondition refused the action; nothing was changed"},
    {ExitCode::timeout, "--timeout reached while waiting; the job or operation goes on"},
    {ExitCode::internal, "internal error (a bug in magritte: please report it)"},
    {ExitCode::tool_missing, "gcloud/gsutil (or magritte's vision module) not found; the message says how to install it"},
    {ExitCode::interrupted, "interrupted by SIGINT (forwarded to the running gcloud/gsutil first)"},
    {ExitCode::terminated, "terminated by SIGTERM (forwarded to the running gcloud/gsutil first)"},
};

class Error : public std::runtime_error {
public:
  Error(ExitCode code, const std::string& message, std::string hint = {})
      : std::runtime_error(message), code_(code), hint_(std::move(hint)) {}

  ExitCode code() const { return code_; }
  // Optional second line telling the user what to do next ("run 'magritte ...'").
  const std::string& hint() const { return hint_; }

private:
  ExitCode code_;
  std::string hint_;
};

// Shorthands for the common cases, so call sites read as what went wrong.
inline Error usage_error(const std::string& message, std::string hint = {}) {
  return Error(ExitCode::usage, message, std::move(hint));
}
inline Error cloud_error(const std::string& message, std::string hint = {}) {
  return Error(ExitCode::cloud_failed, message, std::move(hint));
}
inline Error refused_error(const std::string& message, std::string hint = {}) {
  return Error(ExitCode::refused, message, std::move(hint));
}

}  // namespace magritte
