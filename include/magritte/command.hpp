// A command is data: the program, its argv, environment changes and working directory.
// Plans build Commands with pure functions; a Runner executes them. Nothing ever goes
// through a shell; shell quoting exists only to print a command for a human to paste.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace magritte {

struct Command {
  std::string program;                       // looked up on PATH, e.g. "gcloud"
  std::vector<std::string> args;             // argv[1..], each element passed as-is
  std::map<std::string, std::string> env;    // variables set on top of the inherited env
  std::vector<std::string> env_unset;        // variables removed from the inherited env
  std::optional<std::filesystem::path> cwd;  // working directory, when not the current one

  bool operator==(const Command&) const = default;
};

// Quotes one word for a POSIX shell: unchanged when it is made only of safe characters,
// otherwise wrapped in single quotes (with ' written as '\'').
std::string shell_quote(std::string_view word);

// "program arg1 'arg 2'": env assignments (VAR=value) first and `cd DIR &&` when set,
// so that the printed line does what the Runner does when pasted into a shell.
std::string to_shell_line(const Command& command);

}  // namespace magritte
