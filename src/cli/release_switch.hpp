// Switching what serves, safely, for promote, rollback and run, the same way on every
// backend (each one says how it reads, switches and records: backends/ml_backend.hpp):
//   1. the target version must exist and be able to serve (else Error(refused), nothing changed);
//   2. the smoke test predicts with THAT version: ml v1 asks the version itself; on Vertex AI
//      it first gets a canary share of the endpoint (promote.canary_percent, --canary P),
//      only its answers count, and when it fails the split is put back exactly (exit 3);
//   3. the history of what served is recorded (ml v1: in the model's labels, before the
//      switch, so that a failure after it still leaves a way back; Vertex: the endpoint's
//      labels, in the same request as the switch); canary steps are not rollback targets;
//   4. one switch: the old version keeps serving until the new one does, and is never
//      deleted or changed;
//   5. what serves is read back (ml v1) or taken from the switch's answer (Vertex) to
//      confirm; rollback drops the entries it went past.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/backends/ml_backend.hpp"
#include "cli/context.hpp"
#include "cli/smoke_test.hpp"

namespace magritte::cli {

struct SwitchResult {
  std::string model;
  std::string version;           // the default afterwards (the canary, with --canary)
  std::string previous_default;  // "" when the model had none
  bool changed = false;          // false: it already was the default
  std::optional<int> canary_percent;  // set when the run stopped at a canary share
  std::vector<std::string> history;
  SmokeResult smoke;

  nlohmann::json to_json() const;
};

struct PromoteOptions {
  bool smoke = true;                // run the smoke test (when promote.smoke_images names any)
  std::optional<int> canary;        // --canary P: stop at P % (Vertex)
};

SwitchResult promote_version(Context& context, MlBackend& backend, const std::string& version,
                             const PromoteOptions& options);
SwitchResult rollback_default(Context& context, MlBackend& backend, bool smoke);

// Error(refused) unless the version exists and can take traffic.
void require_servable(Context& context, MlBackend& backend, const std::string& version);
// The same with what serves already read (Vertex's read lists every version).
void check_servable(Context& context, MlBackend& backend, const ServingState& state, const std::string& version);

}  // namespace magritte::cli
