// The waiting loop with a clock that jumps instead of sleeping.
#include <gtest/gtest.h>

#include <csignal>
#include <deque>

#include "magritte/error.hpp"
#include "release/watch.hpp"

namespace magritte::release {
namespace {

using namespace std::chrono;

class FakeClock : public Clock {
public:
  Steady now() const override { return Steady(elapsed_); }
  System wall_now() const override { return System(seconds(1'800'000'000)) + elapsed_; }
  bool sleep_for(milliseconds duration, const std::function<void()>& tick) override {
    sleeps.push_back(duration);
    if (signal_after_sleeps && sleeps.size() >= *signal_after_sleeps) {
      signal = SIGINT;
      return false;
    }
    elapsed_ += duration;
    if (tick) tick();
    return true;
  }
  int stop_signal() const override { return signal; }

  std::vector<milliseconds> sleeps;
  std::optional<std::size_t> signal_after_sleeps;
  int signal = 0;

private:
  milliseconds elapsed_{0};
};

class RecordingProgress : public Progress {
public:
  void state_changed(const std::string& subject, const std::string& state, seconds elapsed) override {
    lines.push_back(subject + " " + state + " " + std::to_string(elapsed.count()));
  }
  void still(const std::string&, const std::string&, seconds) override { ++stills; }
  void print(std::ostream&, const std::string&) override {}
  void done() override { ++dones; }
  std::vector<std::string> lines;
  int stills = 0;
  int dones = 0;
};

class WatchTest : public ::testing::Test {
protected:
  WatchOutcome run() {
    WatchHooks hooks;
    hooks.poll = [this] {
      ++polls;
      if (answers.empty()) return Observation{"RUNNING", false, {}};
      auto answer = answers.front();
      answers.pop_front();
      if (answer.state == "throw-cloud") throw cloud_error("gcloud failed");
      if (answer.state == "throw-usage") throw usage_error("no such job");
      if (answer.state == "throw-interrupt") throw Error(ExitCode::terminated, "interrupted");
      return answer;
    };
    hooks.after_poll = [this](const Observation& seen) { after.push_back(seen.state); };
    hooks.warn = [this](const std::string& message) { warnings.push_back(message); };
    return watch(hooks, clock, progress, options);
  }

  static Observation state(const std::string& name, bool final = false) { return {name, final, {}}; }

  FakeClock clock;
  RecordingProgress progress;
  WatchOptions options{"job j", seconds(10), std::nullopt, 3};
  std::deque<Observation> answers;
  std::vector<std::string> after;
  std::vector<std::string> warnings;
  int polls = 0;
};

TEST_F(WatchTest, ShowsEachStateChangeOnceUntilFinal) {
  answers = {state("QUEUED"), state("QUEUED"), state("RUNNING"), state("SUCCEEDED", true)};
  const auto outcome = run();
  EXPECT_EQ(outcome.end, WatchEnd::finished);
  EXPECT_EQ(outcome.last.state, "SUCCEEDED");
  EXPECT_EQ(progress.lines, (std::vector<std::string>{"job j QUEUED 0", "job j RUNNING 20", "job j SUCCEEDED 30"}));
  EXPECT_EQ(after, (std::vector<std::string>{"QUEUED", "QUEUED", "RUNNING", "SUCCEEDED"}));
  EXPECT_EQ(clock.sleeps, (std::vector<milliseconds>(3, seconds(10))));
  EXPECT_EQ(progress.dones, 1);
}

TEST_F(WatchTest, ElapsedCountsFromTheResourceCreation) {
  const auto created = clock.wall_now() - seconds(95);
  answers = {Observation{"RUNNING", false, created}, Observation{"SUCCEEDED", true, created}};
  const auto outcome = run();
  EXPECT_EQ(progress.lines.front(), "job j RUNNING 95");
  EXPECT_EQ(outcome.elapsed, seconds(105));
}

TEST_F(WatchTest, TimeoutEndsTheWaitWithoutTouchingTheJob) {
  options.timeout = seconds(25);
  const auto outcome = run();
  EXPECT_EQ(outcome.end, WatchEnd::timed_out);
  EXPECT_EQ(outcome.last.state, "RUNNING");
  // 10 + 10 + 5: the last sleep is cut to the deadline, then one last look.
  EXPECT_EQ(clock.sleeps, (std::vector<milliseconds>{seconds(10), seconds(10), seconds(5)}));
  EXPECT_EQ(polls, 4);
}

TEST_F(WatchTest, ASignalDuringTheSleepStopsWatching) {
  clock.signal_after_sleeps = 2;
  const auto outcome = run();
  EXPECT_EQ(outcome.end, WatchEnd::interrupted);
  EXPECT_EQ(outcome.signal, SIGINT);
  EXPECT_EQ(polls, 2);
}

TEST_F(WatchTest, ASignalSeenByTheRunnerStopsWatching) {
  answers = {state("QUEUED"), state("throw-interrupt")};
  const auto outcome = run();
  EXPECT_EQ(outcome.end, WatchEnd::interrupted);
  EXPECT_EQ(outcome.signal, SIGTERM);
  EXPECT_EQ(outcome.last.state, "QUEUED");
}

TEST_F(WatchTest, ASignalSeenWhileReadingLogsStopsWatchingToo) {
  WatchHooks hooks;
  hooks.poll = [] { return Observation{"RUNNING", false, {}}; };
  hooks.after_poll = [](const Observation&) -> void { throw Error(ExitCode::interrupted, "interrupted"); };
  const auto outcome = watch(hooks, clock, progress, options);
  EXPECT_EQ(outcome.end, WatchEnd::interrupted);
  EXPECT_EQ(outcome.signal, SIGINT);
}

TEST_F(WatchTest, AFewCloudFailuresAreRetriedWithAWarning) {
  answers = {state("throw-cloud"), state("throw-cloud"), state("SUCCEEDED", true)};
  EXPECT_EQ(run().end, WatchEnd::finished);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0], "gcloud failed (checking again in 10 s)");
}

TEST_F(WatchTest, TooManyCloudFailuresInARowEndTheWait) {
  answers = {state("throw-cloud"), state("throw-cloud"), state("throw-cloud"), state("throw-cloud")};
  try {
    run();
    FAIL() << "expected the fourth failure to be rethrown";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::cloud_failed);
  }
  EXPECT_EQ(warnings.size(), 3u);
}

TEST_F(WatchTest, OtherErrorsAreNotRetried) {
  answers = {state("throw-usage")};
  EXPECT_THROW(run(), Error);
  EXPECT_EQ(polls, 1);
}

TEST_F(WatchTest, TicksRefreshTheLiveLine) {
  answers = {state("RUNNING"), state("SUCCEEDED", true)};
  run();
  EXPECT_GE(progress.stills, 1);
}

}  // namespace
}  // namespace magritte::release
