#include "predict/result_board.hpp"

namespace magritte::predict {

void ResultBoard::finish(std::size_t i, Outcome outcome, ImageResult result) {
  const std::lock_guard lock(mutex_);
  outcomes_[i] = outcome;
  results_[i] = std::move(result);
  ready_.notify_all();
}

void ResultBoard::abort(std::exception_ptr error) {
  const std::lock_guard lock(mutex_);
  if (!fatal_) fatal_ = std::move(error);
  aborted_ = true;
  ready_.notify_all();
}

void ResultBoard::stop() {
  const std::lock_guard lock(mutex_);
  stopped_ = true;
  ready_.notify_all();
}

bool ResultBoard::aborted() const {
  const std::lock_guard lock(mutex_);
  return aborted_;
}

void ResultBoard::rethrow_if_aborted() const {
  const std::lock_guard lock(mutex_);
  if (fatal_) std::rethrow_exception(fatal_);
}

std::optional<ResultBoard::Entry> ResultBoard::wait_for(std::size_t i) {
  std::unique_lock lock(mutex_);
  ready_.wait(lock, [&] { return aborted_ || stopped_ || results_[i].has_value(); });
  if (aborted_ || !results_[i]) return std::nullopt;
  return Entry{*results_[i], outcomes_[i]};
}

}  // namespace magritte::predict
