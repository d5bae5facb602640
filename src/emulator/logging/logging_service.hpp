// Cloud Logging v2, as far as `gcloud ai-platform jobs stream-logs` (and `gcloud logging
// read` on training jobs) needs it: POST /v2/entries:list over the training logs in LogStore.
#pragma once

#include "emulator/router.hpp"
#include "emulator/logging/log_store.hpp"

namespace magritte::emulator {

class LoggingService {
public:
  explicit LoggingService(const LogStore& logs) : logs_(logs) {}

  void add_routes(Router& router);
  Response list_entries(const Request& request) const;

private:
  const LogStore& logs_;
};

}  // namespace magritte::emulator
