// Runs tasks after a delay on one background thread (version deployment with a simulated
// latency). Tasks still pending at destruction are dropped: their versions stay CREATING and
// are redeployed at the next start.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace magritte::emulator::ml {

class DelayedTasks {
public:
  DelayedTasks();
  ~DelayedTasks();
  DelayedTasks(const DelayedTasks&) = delete;
  DelayedTasks& operator=(const DelayedTasks&) = delete;

  void run_after(std::chrono::milliseconds delay, std::function<void()> task);

private:
  void loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::multimap<std::chrono::steady_clock::time_point, std::function<void()>> tasks_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace magritte::emulator::ml
