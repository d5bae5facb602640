#include "harness/child_process.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <boost/process.hpp>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace magritte::e2e {
namespace bp = boost::process;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

bp::environment to_bp(const Environment& env) {
  bp::environment result;
  result.clear();
  for (const auto& [name, value] : env) result[name] = value;
  return result;
}

boost::filesystem::path executable(const std::string& program, const Environment& env) {
  if (program.find('/') != std::string::npos) return program;
  std::vector<boost::filesystem::path> dirs;
  auto path = env.find("PATH");
  std::stringstream stream(path == env.end() ? "/usr/bin:/bin" : path->second);
  for (std::string dir; std::getline(stream, dir, ':');) dirs.emplace_back(dir);
  const auto found = bp::search_path(program, dirs);
  if (found.empty()) throw std::runtime_error("program not found on PATH: " + program);
  return found;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void decode_status(int status, int& exit_code, int& signal_number) {
  if (WIFSIGNALED(status)) {
    signal_number = WTERMSIG(status);
    exit_code = 128 + signal_number;
  } else {
    signal_number = 0;
    exit_code = WEXITSTATUS(status);
  }
}

// Polling instead of child::wait_for, which is unreliable in Boost 1.74.
bool wait_until(bp::child& child, Clock::time_point deadline) {
  while (child.running()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

std::atomic<int> scratch_counter{0};

}  // namespace

std::string CommandResult::describe() const {
  std::string text = "$";
  for (const auto& arg : argv) text += " " + arg;
  std::ostringstream summary;
  summary << "\n→ exit " << exit_code;
  if (signal != 0) summary << " (signal " << signal << ")";
  if (timed_out) summary << " (TIMED OUT)";
  summary << " after " << seconds << " s";
  return text + summary.str() + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
}

CommandResult run_command(const std::vector<std::string>& argv, const Environment& env, const fs::path& cwd,
                          const std::optional<std::string>& input, std::chrono::milliseconds timeout,
                          const fs::path& scratch_dir) {
  const std::string stem = (scratch_dir / ("run" + std::to_string(scratch_counter++))).string();
  const fs::path out_path = stem + ".out", err_path = stem + ".err", in_path = stem + ".in";
  { std::ofstream(in_path, std::ios::binary) << input.value_or(""); }
  CommandResult result;
  result.argv = argv;
  const auto start = Clock::now();
  // Its own process group: a timed-out `gsutil -m` is killed with all its workers, and no
  // worker outlives the run.
  bp::group group;
  bp::child child(executable(argv.at(0), env), bp::args(std::vector<std::string>(argv.begin() + 1, argv.end())),
                  to_bp(env), bp::start_dir(cwd.string()), bp::std_out > out_path.string(),
                  bp::std_err > err_path.string(), bp::std_in < in_path.string(), group);
  if (!wait_until(child, start + timeout)) {
    result.timed_out = true;
    std::error_code ignored;
    group.terminate(ignored);
    child.wait();
  }
  std::error_code ignored;
  group.terminate(ignored);  // stragglers, if any
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  decode_status(child.native_exit_code(), result.exit_code, result.signal);
  if (result.timed_out) result.signal = 0;  // our own SIGKILL is not the program crashing
  result.out = slurp(out_path);
  result.err = slurp(err_path);
  return result;
}

struct BackgroundProcess::Impl {
  bp::group group;
  bp::child child;
};

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv, const Environment& env,
                                     const fs::path& cwd, const fs::path& log_file) {
  // Append, so a restarted emulator's log follows the first one's.
  FILE* log = std::fopen(log_file.c_str(), "a");
  if (log == nullptr) throw std::runtime_error("cannot open " + log_file.string());
  impl_ = std::make_unique<Impl>();
  impl_->child = bp::child(executable(argv.at(0), env), bp::args(std::vector<std::string>(argv.begin() + 1, argv.end())),
                           to_bp(env), bp::start_dir(cwd.string()), bp::std_out > log, bp::std_err > log,
                           bp::std_in < bp::null, impl_->group);
  std::fclose(log);
}

BackgroundProcess::~BackgroundProcess() {
  if (!impl_) return;
  kill_group();
  if (impl_->child.running()) impl_->child.wait();
}

void BackgroundProcess::kill_group() {
  std::error_code ignored;
  impl_->group.terminate(ignored);  // SIGKILL to the whole process group
}

int BackgroundProcess::pid() const { return impl_->child.id(); }

bool BackgroundProcess::running() { return impl_->child.running(); }

void BackgroundProcess::send_signal(int signal_number) { ::kill(impl_->child.id(), signal_number); }

bool BackgroundProcess::wait(std::chrono::milliseconds timeout) {
  if (!wait_until(impl_->child, Clock::now() + timeout)) return false;
  decode_status(impl_->child.native_exit_code(), exit_code_, signal_);
  return true;
}

Environment scrubbed_environment(const fs::path& home) {
  static const char* const kPrefixes[] = {"CLOUDSDK_", "BOTO_", "MAGRITTE_", "GOOGLE_", "GCE_"};
  static const char* const kNames[] = {"PROJECT_ID", "REGION", "BUCKET", "DATA_PATH", "MODEL_NAME", "VERSION",
                                       "JOB_NAME", "OUTPUT_PATH", "STORAGE_EMULATOR_HOST", "http_proxy",
                                       "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "no_proxy", "NO_PROXY",
                                       "all_proxy", "ALL_PROXY", "HOME", "XDG_CONFIG_HOME"};
  Environment env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text = *entry;
    const auto eq = text.find('=');
    const std::string name = text.substr(0, eq);
    bool drop = false;
    for (const char* prefix : kPrefixes) drop = drop || name.rfind(prefix, 0) == 0;
    for (const char* dropped : kNames) drop = drop || name == dropped;
    if (!drop && eq != std::string::npos) env[name] = text.substr(eq + 1);
  }
  env["HOME"] = home.string();
  return env;
}

}  // namespace magritte::e2e
