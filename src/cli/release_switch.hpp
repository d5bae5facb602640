// Switching what serves, safely, for promote, rollback and run, the same way on every
// backend (each one says how it reads, switches and records: backends/ml_backend.hpp):
//   1. the target version must exist and be able to serve (else Error(refused), nothing changed);
//   2. the smoke test predicts with THAT version (else Error(refused), nothing changed);
//   3. the history of what served is recorded (ml v1: in the model's labels, before the
//      switch, so that a failure after it still leaves a way back; Vertex: the endpoint's
//      labels, in the same request as the switch);
//   4. one switch: the old version keeps serving until the new one does, and is never
//      deleted or changed;
//   5. what serves is read back to confirm; rollback drops the entries it went past.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/backends/ml_backend.hpp"
#include "cli/context.hpp"
#include "cli/smoke_test.hpp"

namespace magritte::cli {

struct SwitchResult {
  std::string model;
  std::string version;           // the default afterwards
  std::string previous_default;  // "" when the model had none
  bool changed = false;          // false: it already was the default
  std::vector<std::string> history;
  SmokeResult smoke;

  nlohmann::json to_json() const;
};

// `smoke`: run the smoke test (promote.smoke_images) before switching.
SwitchResult promote_version(Context& context, MlBackend& backend, const std::string& version, bool smoke);
SwitchResult rollback_default(Context& context, MlBackend& backend, bool smoke);

// Error(refused) unless the version exists and can take traffic.
void require_servable(Context& context, MlBackend& backend, const std::string& version);

}  // namespace magritte::cli
