// The prediction run: preprocessing on every core (largest files first, so that no big
// image is left to one core at the end), request batches packed by bytes, a few requests
// in flight, results printed in input order as they arrive.
//
//   files ─► N preprocessing threads ─► BatchPacker ─► queue ─► in_flight senders ─► results
//                 (vision module)                                (retries)            │
//   gcloud (once, on its own thread, while the first images are being preprocessed) ──┘
//
// One bad image never stops the others: it gets an error record. A failure that concerns
// every image (gcloud cannot be asked, the labels do not match the model) stops the run
// with an exception.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "magritte/vision.hpp"
#include "predict/instances.hpp"
#include "predict/labels.hpp"
#include "predict/output.hpp"
#include "predict/retry.hpp"
#include "predict/transport.hpp"

namespace magritte::predict {

struct PipelineOptions {
  vision::PreprocessOptions image;
  RequestFormat request_format = RequestFormat::seed;
  std::string input_key = "inputs";
  std::size_t max_request_bytes = 1'500'000;
  std::size_t max_instances = 100;
  int in_flight = 4;
  RetryPolicy retry;
  int top = 5;
  int preprocess_threads = 0;  // 0: one per core
};

// Where requests go, known once gcloud has answered.
struct Target {
  std::string url;             // .../v1/projects/P/models/M[/versions/V]:predict
  TransportFactory transport;  // one transport per sending thread
};

struct PipelineIo {
  const vision::Api* vision = nullptr;
  std::function<Target()> connect;                     // run once, concurrently with preprocessing
  OutputWriter* output = nullptr;
  std::function<void(const std::string&)> warn;        // a failed image, a retry
  std::function<void(const std::string&)> debug;       // -v: one line per request
  // Non-zero (the signal) once SIGINT/SIGTERM asked to stop: no new image is read, no new
  // request sent; requests in flight finish and their results are printed.
  std::function<int()> stop_signal;
};

struct RunStats {
  std::size_t images = 0;
  std::size_t predicted = 0;
  std::size_t bad_inputs = 0;       // unreadable, not an image, too large: the input's fault
  std::size_t failed_requests = 0;  // images whose request failed: the service's fault
  std::size_t requests = 0;         // batches sent (retries not counted)
  std::size_t attempts = 0;         // HTTP requests made, retries included
  std::size_t body_bytes = 0;       // request bytes of all attempts
  std::size_t sent_images = 0;      // images that went into a request
  vision::StageTimes cpu;           // preprocessing time summed over all threads
  double seconds = 0;               // wall time of the whole run
  int stopped_by = 0;               // the signal that stopped the run early, else 0
  std::size_t printed = 0;          // results printed (all of them unless stopped)
};

RunStats run_pipeline(const std::vector<std::string>& images, const Labels& labels, const PipelineOptions& options,
                      const PipelineIo& io);

}  // namespace magritte::predict
