#include "emulator/ml/delayed_tasks.hpp"

#include <spdlog/spdlog.h>

namespace magritte::emulator::ml {

DelayedTasks::DelayedTasks() : thread_([this] { loop(); }) {}

DelayedTasks::~DelayedTasks() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void DelayedTasks::run_after(std::chrono::milliseconds delay, std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    tasks_.emplace(std::chrono::steady_clock::now() + delay, std::move(task));
  }
  wake_.notify_all();
}

void DelayedTasks::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (tasks_.empty()) {
      wake_.wait(lock);
      continue;
    }
    const auto due = tasks_.begin()->first;
    if (std::chrono::steady_clock::now() < due) {
      wake_.wait_until(lock, due);
      continue;
    }
    auto task = std::move(tasks_.begin()->second);
    tasks_.erase(tasks_.begin());
    lock.unlock();
    try {
      task();
    } catch (const std::exception& error) {
      spdlog::error("emulator: delayed task failed: {}", error.what());
    }
    lock.lock();
  }
}

}  // namespace magritte::emulator::ml
