#include "predict/pipeline.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <numeric>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "magritte/error.hpp"
#include "predict/batcher.hpp"
#include "predict/image_job.hpp"
#include "predict/blocking_queue.hpp"
#include "predict/response.hpp"
#include "predict/result_board.hpp"

namespace magritte::predict {
namespace {

using Clock = std::chrono::steady_clock;

// Instances worth a request of their own when a sender is idle: still "several per request".
constexpr std::size_t kEarlyBatchInstances = 8;

// The order images are preprocessed in: largest file first (ties in input order). The
// largest files are the slow ones (a 12 MP PNG takes ~30 times a JPEG's decoding), and one
// of them started last would keep a single core busy while the others sit idle: the run's
// tail. Results are still printed in input order.
std::vector<std::size_t> largest_first(const std::vector<std::string>& images) {
  std::vector<std::uintmax_t> sizes(images.size());
  for (std::size_t i = 0; i < images.size(); ++i) {
    std::error_code error;  // unreadable: size 0, it fails fast anyway
    const auto size = std::filesystem::file_size(images[i], error);
    sizes[i] = error ? 0 : size;
  }
  std::vector<std::size_t> order(images.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return sizes[a] > sizes[b]; });
  return order;
}

class Pipeline {
public:
  Pipeline(const std::vector<std::string>& images, const Labels& labels, const PipelineOptions& options,
           const PipelineIo& io)
      : images_(images), labels_(labels), options_(options), io_(io),
        packer_(options.max_request_bytes, options.max_instances),
        queue_(static_cast<std::size_t>(std::max(1, options.in_flight)) * 2), board_(images.size()),
        work_order_(largest_first(images)) {}

  RunStats run() {
    const auto start = Clock::now();
    stats_.images = images_.size();
    target_ = std::async(std::launch::async, io_.connect).share();
    const int workers = options_.preprocess_threads > 0
                            ? options_.preprocess_threads
                            : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    active_workers_ = workers;
    active_senders_ = std::max(1, options_.in_flight);
    std::vector<std::thread> threads;
    for (int i = 0; i < workers; ++i) threads.emplace_back([this] { preprocess_loop(); });
    for (int i = 0; i < std::max(1, options_.in_flight); ++i) threads.emplace_back([this] { send_loop(); });
    print_in_order();
    for (auto& thread : threads) thread.join();
    target_.wait();
    board_.rethrow_if_aborted();
    stats_.stopped_by = io_.stop_signal ? io_.stop_signal() : 0;
    stats_.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return stats_;
  }

private:
  void preprocess_loop() {
    for (std::size_t next = next_in_work_order_++; next < images_.size() && !board_.aborted() && !stopping();
         next = next_in_work_order_++) {
      const std::size_t i = work_order_[next];
      std::optional<std::string> instance = prepare(i);
      if (!instance) continue;
      std::optional<Batch> sealed;
      {
        const std::lock_guard lock(packer_mutex_);
        sealed = packer_.add(i, std::move(*instance));
        // A sender with nothing to do: send what is ready rather than wait for a full
        // batch, so the service works while the rest is preprocessed (and the last
        // request, whose time nothing overlaps, is small).
        if (!sealed && packer_.open_instances() >= kEarlyBatchInstances && queue_.consumer_waiting()) {
          sealed = packer_.flush();
        }
      }
      if (sealed) queue_.push(std::move(*sealed));
    }
    if (--active_workers_ == 0) {  // the last one out sends the partial batch
      std::optional<Batch> last;
      {
        const std::lock_guard lock(packer_mutex_);
        last = packer_.flush();
      }
      if (last) queue_.push(std::move(*last));
      queue_.close();
    }
  }

  std::optional<std::string> prepare(std::size_t i) {
    const InstanceJob job{io_.vision, &options_.image, options_.request_format, options_.input_key,
                          options_.max_request_bytes};
    PreparedInstance prepared = prepare_instance(images_[i], job);
    if (!prepared.instance) return fail(i, Outcome::bad_input, prepared.error);
    add_times(prepared.times);
    return std::move(prepared.instance);
  }

  void send_loop() {
    try {
      send_batches(target_.get());
    } catch (...) {  // gcloud could not be asked, or the transport could not be made
      abort(std::current_exception());
    }
    // Once the last sender is done no result can come: a stopped run's printer, waiting
    // for an image that was never sent, must hear it.
    if (--active_senders_ == 0 && stopping()) board_.stop();
  }

  bool stopping() const { return io_.stop_signal && io_.stop_signal() != 0; }

  // A retry's backoff that a stop request cuts short.
  void sleep_unless_stopped(std::chrono::milliseconds delay) const {
    const auto end = Clock::now() + delay;
    while (!stopping() && Clock::now() < end) {
      std::this_thread::sleep_for(std::min<Clock::duration>(std::chrono::milliseconds(50), end - Clock::now()));
    }
  }

  void send_batches(const Target& target) {
    std::unique_ptr<Transport> transport = target.transport();
    RetryHooks hooks;
    hooks.on_retry = [this](int retry, const HttpResponse& failed, std::chrono::milliseconds delay) {
      warn("request failed (" + describe_failure(failed) + "), retry " + std::to_string(retry) + " of " +
           std::to_string(options_.retry.retries) + " in " + std::to_string(delay.count()) + " ms");
    };
    hooks.sleep = [this](std::chrono::milliseconds delay) { sleep_unless_stopped(delay); };
    hooks.stop = [this] { return stopping(); };
    while (std::optional<Batch> batch = queue_.pop()) {
      if (stopping()) continue;  // drained, never sent: the preprocessors must not block on a full queue
      const auto sent_at = Clock::now();
      const SendResult sent = send_with_retry(*transport, target.url, batch->body, options_.retry, hooks);
      record_request(*batch, sent, sent_at);
      deliver(*batch, parse_predictions(sent.response, batch->images.size()));
    }
  }

  void deliver(const Batch& batch, const ParsedPredictions& parsed) {
    for (std::size_t k = 0; k < batch.images.size(); ++k) {
      const std::size_t i = batch.images[k];
      if (!parsed.error.empty()) {
        fail(i, Outcome::request_failed, parsed.error);
        continue;
      }
      Ranking ranking = rank(parsed.scores[k], labels_, options_.top);
      if (!ranking.error.empty()) {  // concerns every image: stop the run
        abort(std::make_exception_ptr(usage_error(ranking.error, "pass --labels FILE with the model's classes")));
        return;
      }
      finish(i, Outcome::predicted,
             ImageResult{images_[i], std::move(ranking.top), std::nullopt, parsed.deployed_model_id});
    }
  }

  std::nullopt_t fail(std::size_t i, Outcome outcome, const std::string& error) {
    finish(i, outcome, ImageResult{images_[i], {}, error, {}});
    return std::nullopt;
  }

  void finish(std::size_t i, Outcome outcome, ImageResult result) { board_.finish(i, outcome, std::move(result)); }

  void abort(std::exception_ptr error) {
    board_.abort(std::move(error));
    queue_.abort();
  }

  // Results stream out in input order, each as soon as it and all before it are known. A
  // stopped run prints every image that is done, skipping those never sent.
  void print_in_order() {
    for (std::size_t i = 0; i < images_.size(); ++i) {
      const std::optional<ResultBoard::Entry> entry = board_.wait_for(i);
      if (!entry && board_.aborted()) return;
      if (!entry) continue;
      count(entry->outcome);
      if (entry->result.error) warn(entry->result.image + ": " + *entry->result.error);
      io_.output->write(entry->result);
      ++stats_.printed;
    }
  }

  void count(Outcome outcome) {
    switch (outcome) {
      case Outcome::predicted: ++stats_.predicted; break;
      case Outcome::bad_input: ++stats_.bad_inputs; break;
      case Outcome::request_failed: ++stats_.failed_requests; break;
    }
  }

  void record_request(const Batch& batch, const SendResult& sent, Clock::time_point sent_at) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - sent_at).count();
    {
      const std::lock_guard lock(stats_mutex_);
      ++stats_.requests;
      stats_.attempts += static_cast<std::size_t>(sent.attempts);
      stats_.body_bytes += batch.body.size() * static_cast<std::size_t>(sent.attempts);
      stats_.sent_images += batch.images.size();
    }
    if (io_.debug) {
      io_.debug("POST " + std::to_string(batch.images.size()) + " instances, " + std::to_string(batch.body.size()) +
                " bytes: " + (sent.response.status ? "HTTP " + std::to_string(sent.response.status) : sent.response.error) +
                " in " + std::to_string(ms) + " ms, " + std::to_string(sent.attempts) + " attempt(s)");
    }
  }

  void add_times(const vision::StageTimes& times) {
    const std::lock_guard lock(stats_mutex_);
    stats_.cpu.decode_ms += times.decode_ms;
    stats_.cpu.resize_ms += times.resize_ms;
    stats_.cpu.encode_ms += times.encode_ms;
  }

  void warn(const std::string& message) const {
    if (io_.warn) io_.warn(message);
  }

  const std::vector<std::string>& images_;
  const Labels& labels_;
  const PipelineOptions& options_;
  const PipelineIo& io_;

  std::shared_future<Target> target_;
  std::atomic<std::size_t> next_in_work_order_{0};
  std::atomic<int> active_workers_{0};
  std::atomic<int> active_senders_{0};
  std::mutex packer_mutex_;
  BatchPacker packer_;
  BlockingQueue<Batch> queue_;

  ResultBoard board_;
  const std::vector<std::size_t> work_order_;  // input indices, in preprocessing order

  std::mutex stats_mutex_;
  RunStats stats_;
};

}  // namespace

RunStats run_pipeline(const std::vector<std::string>& images, const Labels& labels, const PipelineOptions& options,
                      const PipelineIo& io) {
  return Pipeline(images, labels, options, io).run();
}

}  // namespace magritte::predict
