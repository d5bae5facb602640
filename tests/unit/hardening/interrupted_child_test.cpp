// A SIGTERM/SIGINT sent to magritte while gcloud/gsutil runs: the runner forwards it, and
// once the child is gone it also ends the workers the child left behind (gsutil -m,
// gcloud storage), which would otherwise keep uploading and hold magritte's stderr pipe
// open forever. A shell script stands in for such a tool: it starts a worker holding
// stderr, then waits. (Tests only: magritte itself never runs a shell.)
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "magritte/error.hpp"
#include "run/process_runner.hpp"

namespace magritte {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class InterruptedChild : public ::testing::TestWithParam<Capture> {
protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("interrupted-child-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Waits for the shell to have written the worker's pid (the file may exist before the
  // number is in it). A loaded machine can take seconds to start the shell: the bound is a
  // generous failure limit, not a delay the test relies on.
  pid_t read_pid(const fs::path& file) {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    pid_t pid = 0;
    while (pid <= 0 && std::chrono::steady_clock::now() < deadline) {
      std::ifstream in(file);
      if (!(in >> pid)) pid = 0;
      if (pid <= 0) std::this_thread::sleep_for(10ms);
    }
    return pid;
  }

  static bool alive(pid_t pid) { return pid > 0 && (::kill(pid, 0) == 0 || errno != ESRCH); }

  fs::path dir_;
};

TEST_P(InterruptedChild, EndsTheToolAndTheWorkersItLeftBehind) {
  const fs::path worker_pid = dir_ / "worker.pid";
  Command command;
  command.program = "/bin/sh";
  // The worker inherits stderr (the runner's pipe) and outlives the tool unless ended.
  command.args = {"-c", "sleep 60 & echo $! > '" + worker_pid.string() + "'; exec sleep 60"};
  ProcessRunner runner({});
  auto running = std::async(std::launch::async, [&] { return runner.run(command, GetParam()); });
  const pid_t worker = read_pid(worker_pid);
  ASSERT_TRUE(alive(worker));
  const auto start = std::chrono::steady_clock::now();
  ::kill(::getpid(), SIGTERM);  // as `kill -TERM <magritte>` would
  ASSERT_EQ(running.wait_for(20s), std::future_status::ready) << "the runner hung on the orphaned worker";
  try {
    running.get();
    FAIL() << "an interrupted run must throw";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::terminated);
    EXPECT_EQ(std::string(error.what()), "interrupted by SIGTERM while running /bin/sh");
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  for (int i = 0; i < 100 && alive(worker); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_FALSE(alive(worker)) << "the orphaned worker was left running";
}

INSTANTIATE_TEST_SUITE_P(Captures, InterruptedChild, ::testing::Values(Capture::none, Capture::both),
                         [](const auto& param_info) { return param_info.param == Capture::none ? "stderr_shown" : "captured"; });

}  // namespace
}  // namespace magritte
