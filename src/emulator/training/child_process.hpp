// A program started as an argv vector (never a shell) in its own process group, with its
// stdout and stderr delivered line by line. Used for trainers (python3 -m ...) and for
// unpacking their packages (tar). The only file of the emulator that includes Boost.Process.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace magritte::emulator::training {

struct ProcessSpec {
  std::filesystem::path program;  // absolute path
  std::vector<std::string> args;  // without argv[0]
  std::filesystem::path cwd;
  std::map<std::string, std::string> env;  // the whole environment: nothing is inherited
};

enum class OutputStream { out, err };

struct ExitStatus {
  int code = 0;    // exit code when the program exited
  int signal = 0;  // the signal number when a signal killed it, else 0
  bool ok() const { return code == 0 && signal == 0; }
};

class ChildProcess {
public:
  using LineHandler = std::function<void(OutputStream, const std::string&)>;

  // Starts the program; `on_line` is called from reader threads, one call per line (without
  // the newline). Throws std::runtime_error when it cannot start (missing program...).
  ChildProcess(const ProcessSpec& spec, LineHandler on_line);
  // Kills what is left of the process group and joins the readers.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  int pid() const;
  // The exit status once the program has ended, without blocking; then (and only then) the
  // rest of the group is killed and every output line has been delivered.
  std::optional<ExitStatus> poll();
  // Sends `signal` to the whole process group (the program and its children).
  void signal_group(int signal);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The program's absolute path from the emulator's PATH; empty when not found.
std::filesystem::path find_program(const std::string& name);

// Runs a program to completion, returning its status and its stderr (for error messages).
struct RunResult {
  ExitStatus status;
  std::string error_output;
};
RunResult run_to_completion(const ProcessSpec& spec);

}  // namespace magritte::emulator::training
