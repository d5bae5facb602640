// `magritte doctor`'s report: one line per check, ok / warn / fail, and for the last two what
// to type to fix it. Pure data and rendering; src/cli/doctor_command.cpp runs the probes and
// src/doctor/classify.hpp turns their answers into checks.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace magritte::doctor {

enum class Status { ok, warn, fail };

std::string_view status_name(Status status);  // "ok", "warn", "fail"

struct Check {
  std::string name;    // "gcloud", "bucket", ... (stable: scripts read it from the JSON)
  Status status = Status::ok;
  std::string detail;  // what was found
  std::string fix;     // what to type (commands shell-quoted); empty when there is nothing to do
};

// One line per check ("ok    gcloud    Google Cloud SDK 528.0.0 (/usr/bin/gcloud)"), the fix
// indented under it, then a summary line ("9 ok, 1 warning, 0 failed").
std::string render_text(const std::vector<Check>& checks);

// {"checks": [{name, status, detail, fix (null when none)}], "ok": N, "warn": N, "fail": N}
nlohmann::json to_json(const std::vector<Check>& checks);

std::size_t count(const std::vector<Check>& checks, Status status);

}  // namespace magritte::doctor
