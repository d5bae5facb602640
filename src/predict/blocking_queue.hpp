// A bounded multi-producer multi-consumer queue: preprocessing threads push request
// batches, sending threads pop them. Bounded so that preprocessing never runs far ahead of
// the network with megabytes of encoded images.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace magritte::predict {

template <typename T>
class BlockingQueue {
public:
  explicit BlockingQueue(std::size_t capacity) : capacity_(capacity < 1 ? 1 : capacity) {}

  // Blocks while full. Returns false (dropping the item) once the queue is closed.
  bool push(T item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  // Blocks while empty and open. nullopt once closed and drained.
  std::optional<T> pop() {
    std::unique_lock lock(mutex_);
    ++waiting_;
    not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
    --waiting_;
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }

  // True when a consumer is blocked waiting for an item: work pushed now starts at once.
  bool consumer_waiting() {
    const std::lock_guard lock(mutex_);
    return waiting_ > 0 && items_.empty();
  }

  // No more pushes: consumers drain what is left, then get nullopt.
  void close() {
    const std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

  // Close and forget what is queued (aborting a run).
  void abort() {
    const std::lock_guard lock(mutex_);
    closed_ = true;
    items_.clear();
    not_empty_.notify_all();
    not_full_.notify_all();
  }

private:
  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<T> items_;
  std::size_t capacity_;
  int waiting_ = 0;
  bool closed_ = false;
};

}  // namespace magritte::predict
