// Switching the model's default version safely, for promote, rollback and run:
//   1. the target version must exist and be READY (else Error(refused), nothing changed);
//   2. the smoke test predicts with THAT version (else Error(refused), nothing changed);
//   3. promote records the outgoing default in the model's labels first (release/history.hpp),
//      so that a failure after this point still leaves a way back;
//   4. one `versions set-default`: the old version keeps serving until the new one does,
//      and is never deleted or changed;
//   5. the default is read back to confirm; rollback then drops the entries it went past.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/context.hpp"
#include "cli/smoke_test.hpp"
#include "plan/ml_backend.hpp"

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
SwitchResult promote_version(Context& context, const plan::MlBackend& backend, const std::string& version, bool smoke);
SwitchResult rollback_default(Context& context, const plan::MlBackend& backend, bool smoke);

// Error(refused) unless the version exists and is READY.
void require_ready(Context& context, const plan::MlBackend& backend, const std::string& version);

}  // namespace magritte::cli
