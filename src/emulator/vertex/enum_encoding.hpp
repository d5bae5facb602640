// Enums on the wire. gcloud (apitools) sends and expects enum names ("JOB_STATE_RUNNING");
// Google's client libraries over REST ask for numbers with `$alt=json;enum-encoding=int` and
// may send numbers too. The emulator keeps names and converts at the edges, for the enum
// fields of the resources it serves (job state, accelerator type, deployment resource types).
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/http.hpp"

namespace magritte::emulator::vertex {

// True when the request asks for integer enums ($alt=json;enum-encoding=int).
bool wants_int_enums(const Request& request);
// Every known enum field in `value` (recursively) from name to number, or back.
void enums_to_numbers(nlohmann::json& value);
void enums_to_names(nlohmann::json& value);

}  // namespace magritte::emulator::vertex
