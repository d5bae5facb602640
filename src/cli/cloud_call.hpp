// Running gcloud/gsutil from a subcommand: a failed command becomes an Error carrying
// gcloud's own message, JSON output is parsed from stdout only (stderr carries lines such
// as "Using endpoint [...]").
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "magritte/command.hpp"
#include "magritte/runner.hpp"

namespace magritte::cli {

// "gcloud ai-platform jobs submit training": the program and its leading command words.
std::string command_title(const Command& command);

// The last "ERROR: ..." line gcloud/gsutil printed (or the last non-empty line), trimmed.
std::string error_summary(const RunResult& result);

// True when the result is gcloud's 404 ("NOT_FOUND: ... was not found").
bool is_not_found(const RunResult& result);

// Throws Error(cloud_failed) describing how the command failed (exit status or signal),
// with gcloud's error line when it was captured rather than shown.
[[noreturn]] void throw_failure(const Command& command, const RunResult& result, Capture capture);

// Runs the command; a failure throws (see throw_failure).
RunResult run_checked(Runner& runner, const Command& command, Capture capture);
// The same for a command already run (e.g. by Runner::run_all).
RunResult checked(const Command& command, RunResult result, Capture capture = Capture::both);

// Parses the command's stdout as JSON; non-JSON output is Error(cloud_failed) that quotes it.
nlohmann::json parse_json_output(const Command& command, const RunResult& result);

// Runs a describe/list command: the parsed resource, or null when gcloud says NOT_FOUND.
nlohmann::json describe_or_null(Runner& runner, const Command& command);
nlohmann::json json_or_null(const Command& command, const RunResult& result);  // for one already run

// Adds --format=json to a gcloud command (before a `--` separator, if any).
Command with_json_format(Command command);

}  // namespace magritte::cli
