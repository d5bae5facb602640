// Runner::run_all_until (magritte doctor's probes): a command still running at the deadline is
// stopped with the workers it started, while the commands running beside it go on. A shell
// script stands in for a hung gcloud: it starts a worker holding stderr, then waits; its
// TERM trap tells the sibling it was stopped. (Tests only: magritte itself never runs a shell.)
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>

#include <gtest/gtest.h>

#include "run/process_runner.hpp"

namespace magritte {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

bool alive(pid_t pid) { return pid > 0 && (::kill(pid, 0) == 0 || errno != ESRCH); }

Command shell(const std::string& script) { return {"sh", {"-c", script}, {}, {}, std::nullopt}; }

class Deadline : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("deadline-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Starts a worker that holds stderr, then waits; on SIGTERM it says so in `stopped`.
  Command late() const {
    return shell("trap 'touch " + stopped() + "; exit 143' TERM; sleep 600 & echo $! > " + (dir_ / "worker").string() +
                 "; wait");
  }
  std::string stopped() const { return (dir_ / "stopped").string(); }
  pid_t worker_pid() const {
    pid_t pid = 0;
    std::ifstream(dir_ / "worker") >> pid;
    return pid;
  }

  fs::path dir_;
};

TEST_F(Deadline, RunAllUntilStopsOnlyWhatIsStillRunning) {
  ProcessRunner runner({});
  const auto results =
      runner.run_all_until({late(), shell("echo quick")}, Capture::both, std::chrono::steady_clock::now() + 2s);
  ASSERT_EQ(results.size(), 2U);
  EXPECT_TRUE(results[0].timed_out);
  EXPECT_FALSE(results[0].ok());
  EXPECT_TRUE(results[1].ok());
  EXPECT_FALSE(results[1].timed_out);
  EXPECT_EQ(results[1].out, "quick\n");
  EXPECT_GT(worker_pid(), 0);
  EXPECT_FALSE(alive(worker_pid())) << "the late command's worker outlived it";
}

// A command with a deadline and another run beside it without one (as a prefetched
// `gcloud config list` runs beside a deploy's wait): the deadline stops its own command
// and that command's workers, never the other.
TEST_F(Deadline, StopsTheLateCommandAndItsWorkersButNotACommandBesideIt) {
  ProcessRunner runner({});
  // Still running when the late command has been stopped and its workers ended: it waits for
  // the test to say so (bounded, should the test fail first).
  const std::string go = (dir_ / "go").string();
  const Command beside =
      shell("i=0; while [ ! -e " + go + " ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done; echo done");
  auto other = std::async(std::launch::async, [&] { return runner.run(beside, Capture::both); });
  const RunResult stopped_result = runner.run_until(late(), Capture::both, std::chrono::steady_clock::now() + 2s);
  std::ofstream(go) << "go";
  const RunResult other_result = other.get();

  EXPECT_TRUE(stopped_result.timed_out);
  EXPECT_TRUE(other_result.ok()) << other_result.exit_code << " " << other_result.signal;
  EXPECT_EQ(other_result.out, "done\n");
  EXPECT_TRUE(fs::exists(stopped()));
  EXPECT_GT(worker_pid(), 0);
  EXPECT_FALSE(alive(worker_pid())) << "the late command's worker outlived it";
}

}  // namespace
}  // namespace magritte
