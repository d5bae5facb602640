#include "run/process_runner.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <exception>
#include <iostream>
#include <optional>
#include <thread>

#include <boost/process.hpp>

#include "magritte/error.hpp"
#include "run/process_tree.hpp"
#include "run/signal_forwarder.hpp"

namespace bp = boost::process;

namespace magritte {
namespace {

constexpr std::size_t kKeptStderrBytes = 64 * 1024;
// How long an interrupted child (and its workers) may take to exit before being killed.
constexpr auto kStopGrace = std::chrono::seconds(10);

Error interrupted_error(int signal, const Command& command) {
  const bool term = signal == SIGTERM;
  return Error(term ? ExitCode::terminated : ExitCode::interrupted,
               std::string("interrupted by ") + (term ? "SIGTERM" : "SIGINT") + " while running " +
                   command.program);
}

boost::filesystem::path find_program(const std::string& program) {
  if (const auto found = find_program_path(program)) return found->string();
  std::string hint = "install it and make sure it is on PATH";
  if (program == "gcloud" || program == "gsutil") {
    hint = "install the Google Cloud CLI (https://cloud.google.com/sdk/docs/install; on Debian: "
           "apt-get install google-cloud-cli) and make sure '" + program + "' is on PATH";
  }
  throw Error(ExitCode::tool_missing, "'" + program + "' not found on PATH (or not executable)",
              hint);
}

// A pipe whose ends are not inherited by the other children magritte starts meanwhile (run_all,
// a prefetch beside a wait): a sibling holding a copy of this child's write end would keep its
// reader from seeing end-of-file until that sibling exits. The child's own stdout/stderr are
// dup2'ed copies, which exec keeps.
bp::pipe close_on_exec_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return bp::pipe();
  return bp::pipe(fds[0], fds[1]);
}

bp::environment child_environment(const Command& command) {
  bp::environment env = boost::this_process::environment();
  for (const auto& name : command.env_unset) env.erase(name);
  for (const auto& [name, value] : command.env) env[name] = value;
  return env;
}

RunResult result_from_status(int status) {
  RunResult result;
  if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
    result.exit_code = 128 + result.signal;
  } else {
    result.exit_code = WEXITSTATUS(status);
  }
  return result;
}

// Reads a pipe to its end on its own thread: into `kept` (bounded to `limit` bytes, the
// newest ones win) and, when `echo_fd` >= 0, also straight through to that descriptor.
std::thread drain(bp::pipe& pipe, std::string& kept, std::size_t limit, int echo_fd) {
  return std::thread([&pipe, &kept, limit, echo_fd] {
    char buffer[8192];
    for (;;) {
      const ssize_t n = read(pipe.native_source(), buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      if (echo_fd >= 0) {
        for (ssize_t done = 0; done < n;) {
          const ssize_t w = write(echo_fd, buffer + done, static_cast<std::size_t>(n - done));
          if (w <= 0 && errno != EINTR) break;
          if (w > 0) done += w;
        }
      }
      kept.append(buffer, static_cast<std::size_t>(n));
      if (kept.size() > limit) kept.erase(0, kept.size() - limit);
    }
  });
}

// How a wait ended: whether the deadline stopped the child, and the processes below it seen
// from then on (its workers, orphaned once it exits: they are stopped with it, not its
// siblings started by run_all_until).
struct Waited {
  bool timed_out = false;
  std::vector<pid_t> tree;
};

// Polls (Boost 1.74's wait_for is unreliable). Once SIGINT/SIGTERM has been forwarded, a
// child that is still there after the grace period is killed with everything below magritte.
// At the deadline the child is sent SIGTERM itself, with the same grace, and then killed
// with its own tree only.
Waited wait_for_exit(bp::child& child, std::optional<std::chrono::steady_clock::time_point> deadline) {
  using Clock = std::chrono::steady_clock;
  std::optional<Clock::time_point> kill_at;  // interrupted: everything below magritte
  std::optional<Clock::time_point> stop_at;  // timed out: this child and its tree
  Waited waited;
  const auto note_tree = [&] {
    for (const pid_t pid : descendants_of(child.id())) {
      if (std::find(waited.tree.begin(), waited.tree.end(), pid) == waited.tree.end()) waited.tree.push_back(pid);
    }
  };
  while (child.running()) {
    if (!kill_at && SignalForwarder::received() != 0) kill_at = Clock::now() + kStopGrace;
    if (!kill_at && !waited.timed_out && deadline && Clock::now() >= *deadline) {
      waited.timed_out = true;
      note_tree();
      ::kill(child.id(), SIGTERM);
      stop_at = Clock::now() + kStopGrace;
    }
    if (waited.timed_out) note_tree();  // workers it starts while stopping
    if (kill_at && Clock::now() >= *kill_at) {
      for (const pid_t pid : descendants_of(getpid())) kill(pid, SIGKILL);
      kill_at = Clock::time_point::max();
    }
    if (stop_at && Clock::now() >= *stop_at) {
      ::kill(child.id(), SIGKILL);
      for (const pid_t pid : waited.tree) ::kill(pid, SIGKILL);
      stop_at = Clock::time_point::max();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return waited;
}

}  // namespace

std::optional<std::filesystem::path> find_program_path(const std::string& program) {
  if (program.find('/') != std::string::npos) {
    if (access(program.c_str(), X_OK) == 0) return std::filesystem::path(program);
    return std::nullopt;
  }
  if (program.empty()) return std::nullopt;
  if (const auto found = bp::search_path(program); !found.empty()) return std::filesystem::path(found.string());
  return std::nullopt;
}

RunResult ProcessRunner::run(const Command& command, Capture capture) { return run_with(command, capture, std::nullopt); }

RunResult ProcessRunner::run_until(const Command& command, Capture capture,
                                   std::chrono::steady_clock::time_point deadline) {
  return run_with(command, capture, deadline);
}

std::vector<RunResult> ProcessRunner::run_all(const std::vector<Command>& commands, Capture capture) {
  return run_all_with(commands, capture, std::nullopt);
}

std::vector<RunResult> ProcessRunner::run_all_until(const std::vector<Command>& commands, Capture capture,
                                                    std::chrono::steady_clock::time_point deadline) {
  return run_all_with(commands, capture, deadline);
}

std::vector<RunResult> ProcessRunner::run_all_with(const std::vector<Command>& commands, Capture capture,
                                                   std::optional<std::chrono::steady_clock::time_point> deadline) {
  std::vector<RunResult> results(commands.size());
  std::vector<std::exception_ptr> errors(commands.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    threads.emplace_back([&, i] {
      try {
        results[i] = run_with(commands[i], capture, deadline);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& error : errors) {
    if (error) std::rethrow_exception(error);  // the first in command order (e.g. interrupted)
  }
  return results;
}

RunResult ProcessRunner::run_with(const Command& command, Capture capture,
                                  std::optional<std::chrono::steady_clock::time_point> deadline) {
  if (options_.verbose) std::cerr << ("magritte: running: " + to_shell_line(command) + "\n");  // one write: runs may be parallel
  const auto exe = find_program(command.program);
  const auto cwd = command.cwd ? command.cwd->string() : std::string(".");
  // Orphaned workers of an interrupted gcloud/gsutil become ours to end (process_tree.hpp).
  static const bool subreaper = become_child_subreaper();
  (void)subreaper;
  std::cout.flush();  // keep magritte's and the child's output in order

  SignalForwarder forwarder;
  bp::pipe out_pipe = close_on_exec_pipe();
  bp::pipe err_pipe = close_on_exec_pipe();
  std::string out;
  std::string err;
  int status = 0;
  bool timed_out = false;
  try {
    bp::child child = capture == Capture::none
                          ? bp::child(exe, bp::args(command.args), child_environment(command),
                                      bp::start_dir(cwd), bp::std_err > err_pipe)
                          : bp::child(exe, bp::args(command.args), child_environment(command),
                                      bp::start_dir(cwd), bp::std_in < bp::null,
                                      bp::std_out > out_pipe, bp::std_err > err_pipe);
    forwarder.set_child(child.id());
    const WaitedChild waited(child.id());  // its exit status is this thread's to collect
    // Boost.Process closed our copies of the write ends once the child started (that is
    // what lets the readers see end-of-file); forget them so ~pipe does not close them twice.
    if (capture != Capture::none) out_pipe.assign_sink(-1);
    err_pipe.assign_sink(-1);
    std::thread out_reader;
    if (capture != Capture::none) out_reader = drain(out_pipe, out, SIZE_MAX, -1);
    std::thread err_reader =
        drain(err_pipe, err, kKeptStderrBytes, capture == Capture::both ? -1 : STDERR_FILENO);
    const Waited waited_for = wait_for_exit(child, deadline);
    timed_out = waited_for.timed_out;
    status = child.native_exit_code();
    // The child is gone; its workers may not be, and hold the pipes open: end them too.
    if (const int signal = SignalForwarder::received(); signal != 0) end_descendants(signal, kStopGrace);
    if (timed_out) end_processes(waited_for.tree, SIGTERM, kStopGrace);
    if (out_reader.joinable()) out_reader.join();
    err_reader.join();
    reap_exited_orphans();
  } catch (const bp::process_error& e) {
    throw Error(ExitCode::tool_missing, "cannot run '" + command.program + "': " + e.what());
  }
  if (int signal = SignalForwarder::received(); signal != 0) throw interrupted_error(signal, command);

  RunResult result = result_from_status(status);
  result.timed_out = timed_out;
  result.out = std::move(out);
  result.err = std::move(err);
  return result;
}

}  // namespace magritte
