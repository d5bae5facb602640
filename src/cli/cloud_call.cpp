#include "cli/cloud_call.hpp"

#include <csignal>
#include <cstring>

#include "magritte/error.hpp"
#include "magritte/text.hpp"

namespace magritte::cli {
namespace {

std::string quote_excerpt(const std::string& text) {
  constexpr std::size_t kMax = 200;
  std::string excerpt(trim_space(std::string_view(text).substr(0, kMax)));
  if (text.size() > kMax) excerpt += "...";
  return excerpt.empty() ? "(nothing)" : "'" + excerpt + "'";
}

}  // namespace

std::string command_title(const Command& command) {
  std::string title = command.program;
  for (const auto& arg : command.args) {
    // gsutil's top-level options come before its command word: "gsutil -m rsync".
    if (command.program == "gsutil" && (arg == "-m" || arg == "-q")) {
      title += " " + arg;
      continue;
    }
    if (arg.starts_with("-")) break;
    title += " " + arg;
    if (arg == "training" || arg == "rsync") break;  // what follows is the job / the paths
  }
  return title;
}

std::string error_summary(const RunResult& result) {
  std::string last_error;
  std::string last_line;
  std::size_t start = 0;
  while (start < result.err.size()) {
    auto end = result.err.find('\n', start);
    if (end == std::string::npos) end = result.err.size();
    std::string line(trim_space(std::string_view(result.err).substr(start, end - start)));
    if (!line.empty()) last_line = line;
    if (line.starts_with("ERROR:") || line.starts_with("CommandException:")) last_error = line;
    start = end + 1;
  }
  return last_error.empty() ? last_line : last_error;
}

bool is_not_found(const RunResult& result) {
  return !result.ok() && (result.err.find("NOT_FOUND") != std::string::npos ||
                          result.err.find("was not found") != std::string::npos);
}

void throw_failure(const Command& command, const RunResult& result, Capture capture) {
  std::string message = command_title(command);
  if (result.signal != 0) {
    message += " was killed by signal " + std::to_string(result.signal) + " (" +
               strsignal(result.signal) + ")";
  } else {
    message += " failed (exit status " + std::to_string(result.exit_code) + ")";
  }
  // Shown stderr is already on the user's screen; a captured one must be summarised here.
  if (capture == Capture::both) {
    if (auto summary = error_summary(result); !summary.empty()) message += ": " + summary;
  }
  throw cloud_error(message);
}

RunResult run_checked(Runner& runner, const Command& command, Capture capture) {
  return checked(command, runner.run(command, capture), capture);
}

RunResult checked(const Command& command, RunResult result, Capture capture) {
  if (!result.ok()) throw_failure(command, result, capture);
  return result;
}

nlohmann::json parse_json_output(const Command& command, const RunResult& result) {
  auto parsed = nlohmann::json::parse(result.out, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    throw cloud_error(command_title(command) + " printed output that is not JSON although "
                      "--format=json was asked: " + quote_excerpt(result.out));
  }
  return parsed;
}

nlohmann::json describe_or_null(Runner& runner, const Command& command) {
  return json_or_null(command, runner.run(command, Capture::both));
}

nlohmann::json json_or_null(const Command& command, const RunResult& result) {
  if (is_not_found(result)) return nullptr;
  if (!result.ok()) throw_failure(command, result, Capture::both);
  return parse_json_output(command, result);
}

Command with_json_format(Command command) {
  auto separator = std::find(command.args.begin(), command.args.end(), "--");
  command.args.insert(separator, "--format=json");
  return command;
}

}  // namespace magritte::cli
