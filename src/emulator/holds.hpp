// Holding a state explicitly, for deterministic tests: while a hold is active, the work it
// matches waits (a long-running operation stays `done: false`, a custom job stays QUEUED or
// RUNNING) until the test releases the hold through the control API. Tests then never rely on
// a delay outlasting the commands in between.
//
//   POST   /_emulator/holds {"kind": "deploy", "match": "regex"}  → {"id": N}
//   GET    /_emulator/holds                                      → {"holds": [{id, kind, match, held}]}
//   DELETE /_emulator/holds/N                                    → releases hold N (its work runs)
//   DELETE /_emulator/holds                                      → releases every hold
//
// Kinds, Vertex AI: upload (models:upload), endpoint_create, deploy (deployModel), undeploy
// (undeployModel), custom_job_queued (the job does not start), custom_job_running (the job
// runs, but its trainer's end, or a cancel, only shows once released); ml v1: version_create
// (the version stays CREATING), job_running (as custom_job_running, for projects.jobs). `match` (optional, ECMAScript) is searched in what the work
// names: the model (upload), the endpoint (create, deploy, undeploy: resource name and display
// name), the job (resource name and display name), the version (resource name).
// Holds live in memory: a restart completes what they held (see docs/emulator.md).
// One Holds serves both services (the emulator owns it), so one control API holds either.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace magritte::emulator {

class Router;

enum class HoldKind {
  upload, endpoint_create, deploy, undeploy, custom_job_queued, custom_job_running, version_create, job_running
};

class Holds {
public:
  // A rule from the control API; throws std::invalid_argument for an unknown kind or a bad regex.
  std::uint64_t add(const nlohmann::json& rule);
  // True when an active hold of `kind` matches one of `subjects`: `resume` is kept and runs
  // when that hold is released. False: nothing holds it, the caller goes on at once.
  bool defer(HoldKind kind, const std::vector<std::string>& subjects, std::function<void()> resume);
  // Releases a hold (false: no such hold) or all of them; the held work runs on this thread.
  bool release(std::uint64_t id);
  void release_all();
  nlohmann::json describe() const;

private:
  struct Hold {
    HoldKind kind;
    std::string match_text;
    std::optional<std::regex> match;
    std::vector<std::string> held;  // what waits, for describe()
    std::vector<std::function<void()>> resumes;
  };

  mutable std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, Hold> holds_;
};

// GET/POST/DELETE /_emulator/holds[/N] over `holds`, on the control API's router.
void add_hold_routes(Router& control, Holds& holds);

}  // namespace magritte::emulator
