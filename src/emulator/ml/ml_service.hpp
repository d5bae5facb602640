// The emulator's AI Platform (ml v1) service. Its trainers' lines go to the shared LogStore,
// which `gcloud ai-platform jobs stream-logs` reads through the logging service. State lives
// under <data_dir>/state and <data_dir>/ml and survives restarts; see docs/emulator.md ("ml").
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

namespace magritte::emulator::ml {

struct MlOptions {
  std::filesystem::path data_dir;  // the emulator's data directory (shared with storage)
  int port = 0;  // the emulator's own port: trainers reach its storage API there
  // Debian's python3 (numpy, PIL, onnx); the `python3` first on PATH may be a pyenv one.
  std::filesystem::path python = "/usr/bin/python3";
  int max_parallel_jobs = 2;  // more jobs wait in QUEUED
  std::chrono::milliseconds cancel_grace{5000};  // SIGTERM → SIGKILL
  // How long versions stay CREATING. 0: deployment runs while versions.create is answered,
  // so gcloud's first operations.get (sent at once) already sees it done.
  std::chrono::milliseconds version_create_delay{0};
  // The vision module to serve ONNX models with; null: vision::load() at the first predict.
  const vision::Api* vision = nullptr;
  // What keeps a version CREATING for tests (see emulator/holds.hpp); null: the service's own.
  std::shared_ptr<Holds> holds;
};

class MlService {
public:
  MlService(MlOptions options, ObjectStore& objects, LogStore& logs);
  // Stops the trainers (their jobs become FAILED) and the background threads.
  ~MlService();
  MlService(const MlService&) = delete;
  MlService& operator=(const MlService&) = delete;

  // ml v1 (/v1/projects/...). Paths only: every host (ml.emulator.test,
  // <region>-ml.emulator.test) sees the same state.
  void add_routes(Router& router);

  struct Parts;  // the stores and runners, see ml_parts.hpp

private:
  std::unique_ptr<Parts> parts_;
};

}  // namespace magritte::emulator::ml
