// The decisions of `magritte doctor`: what each probe's answer (gcloud's JSON, its stderr, a
// timeout, a program not found) means for the user, as a Check with the fix to type. Pure:
// src/cli/doctor_command.cpp runs the probes and passes their answers in.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "doctor/check.hpp"

namespace magritte::doctor {

// What one probe (a gcloud/gsutil command) answered.
struct Answer {
  enum class Kind { ok, failed, timed_out };
  Kind kind = Kind::ok;
  std::string out;         // stdout (JSON for gcloud's --format=json)
  std::string err;         // stderr, to classify
  std::string error_line;  // gcloud's last "ERROR: ..." line (or the last line)
  std::string command;     // the probe, shell-quoted (fixes say "run it alone")
};

// The configuration as the checks need it; origins as `config show` prints them.
struct Setup {
  std::optional<std::string> config_file;  // nullopt: no file (defaults, env, flags)
  std::optional<std::string> project;      // project.id
  std::string project_origin;
  bool pass_project = true;                // gcloud.pass_project
  std::string region;                      // project.region
  std::string region_origin;
  std::optional<std::string> bucket;       // storage.bucket
  std::string backend;                     // gcloud.backend: vertex | ai-platform
  std::string engine;                      // storage.engine: gsutil | gcloud-storage
  std::string engine_origin;
};

// What `gcloud config list --format=json` said (or why it said nothing).
struct GcloudConfig {
  std::optional<std::string> account;  // core/account
  std::optional<std::string> project;  // core/project
  bool credentials_disabled = false;   // auth/disable_credentials (the emulator)
  std::string problem;                 // non-empty when the answer could not be had or read
};
GcloudConfig read_config_list(const Answer& answer, std::chrono::seconds timeout);

// `gcloud version --format=json`: the SDK's version and gsutil's (a component).
struct SdkVersions {
  std::optional<std::string> sdk;
  std::optional<std::string> gsutil;
};
SdkVersions read_versions(std::string_view version_json);

// What kind of refusal gcloud's stderr reports.
enum class CloudError { not_found, forbidden, unauthenticated, api_disabled, other };
CloudError classify_error(std::string_view err);

// A check that could not run, and why ("gcloud is not found", "the config does not load").
Check not_checked(std::string name, const std::string& reason);

// `config`: `error` is what loading the configuration threw (nullopt: it loaded).
Check check_config(const std::optional<std::string>& config_file, const std::optional<std::string>& error,
                   const std::string& hint);
// `gcloud`: `path` where it was found (nullopt: not on PATH), then its `gcloud version`.
Check check_gcloud(const std::optional<std::string>& path, const std::optional<Answer>& version,
                   std::chrono::seconds timeout);
// `gsutil`: found or not; needed only when storage.engine is gsutil (`setup` nullopt: unknown).
Check check_gsutil(const std::optional<std::string>& path, const SdkVersions& versions,
                   const std::optional<Setup>& setup);
Check check_account(const GcloudConfig& gcloud);
Check check_project(const Setup& setup, const GcloudConfig& gcloud);
Check check_region(const Setup& setup);
// `bucket`: `describe` is nullopt when storage.bucket is not set.
Check check_bucket(const Setup& setup, const std::optional<Answer>& describe, const GcloudConfig& gcloud,
                   std::chrono::seconds timeout);
Check check_ml_api(const Setup& setup, const Answer& list, const GcloudConfig& gcloud, std::chrono::seconds timeout);
// `storage`: the engine `magritte sync` uses. `gsutil_list` is gsutil's own read of the
// bucket (nullopt when not run: another engine, no gsutil, no bucket).
Check check_storage(const Setup& setup, bool gcloud_found, bool gsutil_found, const std::optional<Answer>& gsutil_list,
                    std::chrono::seconds timeout);
// `vision`: `error` is what loading magritte-vision.so threw (nullopt: it loaded).
Check check_vision(const std::optional<std::string>& error, const std::string& hint);

// How to give `key` the value `value`, as the user would type it: in the config file, or
// with the MAGRITTE_* variable.
std::string set_key_fix(const Setup& setup, std::string_view key, const std::string& value);

}  // namespace magritte::doctor
