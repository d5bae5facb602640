// The emulator's Vertex AI service (aiplatform v1): custom jobs that really run their Python
// package, the model registry (versions, aliases), endpoints with deployed models and traffic
// splits that predictions really follow, long-running operations, and holds that keep any of
// these pending for deterministic tests. Reached by gcloud through
// api_endpoint_overrides/aiplatform (hosts <region>-aiplatform.emulator.test and
// <region>-prediction-aiplatform.emulator.test) and by Google's client libraries at the
// emulator's own address; routing is by path, every host sees the same state. State lives
// under <data_dir>/state (vertex_* collections) and <data_dir>/vertex; see docs/emulator.md.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>

#include "emulator/holds.hpp"
#include "emulator/logging/log_store.hpp"
#include "emulator/object_store.hpp"
#include "emulator/router.hpp"

namespace magritte::vision {
class Api;
}

namespace magritte::emulator::vertex {

struct VertexOptions {
  std::filesystem::path data_dir;  // the emulator's data directory (shared with storage)
  int port = 0;                    // the emulator's own port: trainers reach its storage API there
  // Debian's python3 (numpy, PIL, onnx); the `python3` first on PATH may be a pyenv one.
  std::filesystem::path python = "/usr/bin/python3";
  int max_parallel_jobs = 2;                     // more custom jobs wait in JOB_STATE_QUEUED
  std::chrono::milliseconds cancel_grace{5000};  // SIGTERM → SIGKILL
  // The vision module to serve ONNX models with; null: vision::load() at the first predict.
  const vision::Api* vision = nullptr;
  // What keeps work pending for tests (see emulator/holds.hpp); null: the service's own.
  std::shared_ptr<Holds> holds;
};

class VertexService {
public:
  // Loads the state and completes the operations a previous run left pending.
  VertexService(VertexOptions options, ObjectStore& objects, LogStore& logs);
  // Stops the trainers (their jobs fail) and drops what holds still keep.
  ~VertexService();
  VertexService(const VertexService&) = delete;
  VertexService& operator=(const VertexService&) = delete;

  // /v1/projects/P/locations/L/... and the same under /v1beta1/.
  void add_routes(Router& router);

  struct Parts;  // the stores, runner and predictor, see vertex_parts.hpp

private:
  std::unique_ptr<Parts> parts_;
};

}  // namespace magritte::emulator::vertex
