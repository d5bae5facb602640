// Where the pipeline's threads leave each image's result, and where the printing thread
// picks them up in input order. Also carries the run-wide failure that stops everything.
#pragma once

#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <vector>

#include "predict/output.hpp"

namespace magritte::predict {

enum class Outcome { predicted, bad_input, request_failed };

class ResultBoard {
public:
  explicit ResultBoard(std::size_t images) : results_(images), outcomes_(images) {}

  // Image i is done (exactly once per image, from any thread).
  void finish(std::size_t i, Outcome outcome, ImageResult result);

  // Stops the run: waiting readers wake up and get nothing; the first error is kept.
  void abort(std::exception_ptr error);
  // Stops the run without an error (SIGINT/SIGTERM): readers still get every image that is
  // done, and nothing for the others.
  void stop();
  bool aborted() const;
  void rethrow_if_aborted() const;

  struct Entry {
    ImageResult result;
    Outcome outcome;
  };
  // Blocks until image i is done; nullopt when the run was aborted.
  std::optional<Entry> wait_for(std::size_t i);

private:
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::vector<std::optional<ImageResult>> results_;
  std::vector<Outcome> outcomes_;
  std::exception_ptr fatal_;
  bool aborted_ = false;
  bool stopped_ = false;
};

}  // namespace magritte::predict
