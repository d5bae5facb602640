#include <string>

#include "magritte/command.hpp"

namespace magritte {
namespace {

bool is_safe(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("@%+=:,./_-").find(c) != std::string_view::npos;
}

}  // namespace

std::string shell_quote(std::string_view word) {
  if (word.empty()) return "''";
  bool safe = true;
  for (char c : word) safe = safe && is_safe(c);
  if (safe) return std::string(word);
  std::string quoted = "'";
  for (char c : word) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  quoted += '\'';
  return quoted;
}

std::string to_shell_line(const Command& command) {
  std::string line;
  if (command.cwd) line += "cd " + shell_quote(command.cwd->string()) + " && ";
  for (const auto& name : command.env_unset) line += "env -u " + shell_quote(name) + " ";
  for (const auto& [name, value] : command.env) line += name + "=" + shell_quote(value) + " ";
  // A program word containing '=' would be read as an assignment: force quotes on it.
  const bool looks_like_assignment = command.program.find('=') != std::string::npos;
  line += looks_like_assignment ? "'" + command.program + "'" : shell_quote(command.program);
  for (const auto& arg : command.args) line += " " + shell_quote(arg);
  return line;
}

}  // namespace magritte
