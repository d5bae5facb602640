// A Runner for unit tests: records every command and answers with canned results, in
// order, like ninja's FakeCommandRunner. Unanswered commands succeed with empty output.
#pragma once

#include <deque>
#include <vector>

#include "magritte/runner.hpp"

namespace magritte::testing {

class FakeRunner : public Runner {
public:
  struct Call {
    Command command;
    Capture capture;
  };

  RunResult run(const Command& command, Capture capture) override {
    calls.push_back({command, capture});
    if (answers.empty()) return {};
    auto answer = answers.front();
    answers.pop_front();
    return answer;
  }

  // Queues the result of the next unanswered command.
  FakeRunner& then(RunResult result) {
    answers.push_back(std::move(result));
    return *this;
  }
  FakeRunner& then_ok(std::string out = {}) { return then({0, 0, std::move(out), {}}); }
  FakeRunner& then_fail(std::string err, int exit_code = 1) {
    return then({exit_code, 0, {}, std::move(err)});
  }

  std::vector<Call> calls;
  std::deque<RunResult> answers;
};

}  // namespace magritte::testing
