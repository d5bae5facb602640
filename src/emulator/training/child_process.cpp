#include "emulator/training/child_process.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <istream>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <boost/process.hpp>
#include <boost/process/extend.hpp>

namespace magritte::emulator::training {

namespace bp = boost::process;

namespace {

// Runs in the child between fork and exec: a new process group (so cancel reaches the
// trainer's own children), death with the emulator (no orphaned trainers after a crash), and
// default signal handling whatever the server set up (blocked or ignored signals would be
// inherited across exec and make SIGTERM useless).
void prepare_child() {
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int signal : {SIGINT, SIGTERM, SIGPIPE, SIGCHLD, SIGHUP, SIGQUIT}) {
    ::signal(signal, SIG_DFL);
  }
}

bp::environment environment_of(const ProcessSpec& spec) {
  bp::environment environment;
  for (const auto& [name, value] : spec.env) environment[name] = value;
  return environment;
}

ExitStatus decode(int status) {
  if (WIFSIGNALED(status)) return {128 + WTERMSIG(status), WTERMSIG(status)};
  return {WIFEXITED(status) ? WEXITSTATUS(status) : status, 0};
}

}  // namespace

struct ChildProcess::Impl {
  bp::ipstream out;
  bp::ipstream err;
  bp::child child;
  std::thread out_reader;
  std::thread err_reader;
  std::optional<ExitStatus> status;
  int pgid = 0;

  void read_lines(std::istream& stream, OutputStream which, const LineHandler& on_line) {
    std::string line;
    while (std::getline(stream, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      on_line(which, line);
    }
  }

  void finish_output() {
    if (pgid > 0) ::kill(-pgid, SIGKILL);  // stray grandchildren would hold the pipes open
    if (out_reader.joinable()) out_reader.join();
    if (err_reader.joinable()) err_reader.join();
  }
};

ChildProcess::ChildProcess(const ProcessSpec& spec, LineHandler on_line)
    : impl_(std::make_unique<Impl>()) {
  std::error_code error;
  impl_->child = bp::child(bp::exe = spec.program.string(), bp::args = spec.args,
                           bp::start_dir = spec.cwd.string(), environment_of(spec),
                           bp::std_in < bp::null, bp::std_out > impl_->out,
                           bp::std_err > impl_->err,
                           bp::extend::on_exec_setup = [](auto&) { prepare_child(); }, error);
  if (error) {
    throw std::runtime_error("cannot start " + spec.program.string() + ": " + error.message());
  }
  impl_->pgid = impl_->child.id();
  auto handler = std::make_shared<LineHandler>(std::move(on_line));
  Impl* impl = impl_.get();
  impl->out_reader =
      std::thread([impl, handler] { impl->read_lines(impl->out, OutputStream::out, *handler); });
  impl->err_reader =
      std::thread([impl, handler] { impl->read_lines(impl->err, OutputStream::err, *handler); });
}

ChildProcess::~ChildProcess() {
  if (!impl_->status) {
    signal_group(SIGKILL);
    std::error_code ignored;
    impl_->child.wait(ignored);
  }
  impl_->finish_output();
}

int ChildProcess::pid() const { return impl_->pgid; }

std::optional<ExitStatus> ChildProcess::poll() {
  if (impl_->status) return impl_->status;
  std::error_code error;
  if (impl_->child.running(error)) return std::nullopt;
  impl_->status = decode(impl_->child.native_exit_code());
  impl_->finish_output();
  return impl_->status;
}

void ChildProcess::signal_group(int signal) {
  if (impl_->pgid > 0 && !impl_->status) ::kill(-impl_->pgid, signal);
}

std::filesystem::path find_program(const std::string& name) {
  return bp::search_path(name).string();
}

RunResult run_to_completion(const ProcessSpec& spec) {
  RunResult result;
  std::mutex mutex;
  ChildProcess child(spec, [&](OutputStream stream, const std::string& line) {
    if (stream != OutputStream::err) return;
    std::lock_guard lock(mutex);
    result.error_output += line + "\n";
  });
  std::optional<ExitStatus> status;
  while (!(status = child.poll())) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  result.status = *status;
  return result;
}

}  // namespace magritte::emulator::training
