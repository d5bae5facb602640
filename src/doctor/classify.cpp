#include "doctor/classify.hpp"

#include <vector>

#include <nlohmann/json.hpp>

#include "config/formats.hpp"
#include "config/schema.hpp"
#include "magritte/command.hpp"
#include "magritte/error.hpp"
#include "plan/probes.hpp"
#include "plan/storage.hpp"
#include "predict/connection.hpp"

namespace magritte::doctor {
namespace {

constexpr const char* kInstallSdk = "sudo apt-get install google-cloud-cli";
constexpr const char* kInstallPage = "https://cloud.google.com/sdk/docs/install";

bool contains_any(std::string_view text, std::initializer_list<std::string_view> needles) {
  for (const auto needle : needles) {
    if (text.find(needle) != std::string_view::npos) return true;
  }
  return false;
}

std::string seconds(std::chrono::seconds timeout) { return std::to_string(timeout.count()) + " s"; }

std::string no_answer(const Answer& answer, std::chrono::seconds timeout) {
  return "no answer in " + seconds(timeout) + " (" + answer.command + ")";
}

// For a probe that timed out or failed in an unforeseen way: the probe itself, to see
// gcloud's own account of it.
std::string rerun_fix(const Answer& answer) { return "run it alone to see why: " + answer.command + " --verbosity=debug"; }

std::string failure_detail(const Answer& answer) {
  return answer.error_line.empty() ? answer.command + " failed" : answer.error_line;
}

std::string service_api(const Setup& setup) {
  return setup.backend == "ai-platform" ? "ml.googleapis.com" : "aiplatform.googleapis.com";
}

std::string service_name(const Setup& setup) {
  return setup.backend == "ai-platform" ? "AI Platform (ml v1)" : "Vertex AI";
}

std::string project_flag(const Setup& setup, const GcloudConfig& gcloud) {
  const auto project = setup.project ? setup.project : gcloud.project;
  return project ? " --project " + shell_quote(*project) : "";
}

std::string login_fix() {
  return "gcloud auth login (or: gcloud auth activate-service-account --key-file KEY.json)";
}

std::string member(const GcloudConfig& gcloud) { return plan::iam_member(gcloud.account.value_or("ACCOUNT")); }

std::string account_words(const GcloudConfig& gcloud) {
  return gcloud.account ? " by " + *gcloud.account : "";
}

}  // namespace

// ── gcloud's answers ──

GcloudConfig read_config_list(const Answer& answer, std::chrono::seconds timeout) {
  GcloudConfig config;
  if (answer.kind == Answer::Kind::timed_out) {
    config.problem = no_answer(answer, timeout);
    return config;
  }
  if (answer.kind == Answer::Kind::failed) {
    config.problem = failure_detail(answer);
    return config;
  }
  try {
    const auto properties = predict::parse_gcloud_properties(answer.out);
    config.project = properties.project;
    config.credentials_disabled = properties.credentials_disabled;
    const auto json = nlohmann::json::parse(answer.out);
    if (const auto core = json.find("core"); core != json.end() && core->is_object()) {
      if (const auto account = core->find("account"); account != core->end() && account->is_string()) {
        config.account = account->get<std::string>();
      }
    }
  } catch (const std::exception& e) {
    config.problem = std::string("cannot read gcloud's configuration: ") + e.what();
  }
  return config;
}

SdkVersions read_versions(std::string_view version_json) {
  SdkVersions versions;
  const auto json = nlohmann::json::parse(version_json, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return versions;
  const auto text = [&json](const char* key) -> std::optional<std::string> {
    const auto found = json.find(key);
    if (found == json.end() || !found->is_string() || found->get<std::string>().empty()) return std::nullopt;
    return found->get<std::string>();
  };
  versions.sdk = text("Google Cloud SDK");
  versions.gsutil = text("gsutil");
  return versions;
}

CloudError classify_error(std::string_view err) {
  // Most specific first: a disabled API is a 403, and so is a missing permission.
  if (contains_any(err, {"SERVICE_DISABLED", "has not been used in project", "it is disabled"})) {
    return CloudError::api_disabled;
  }
  if (contains_any(err, {"UNAUTHENTICATED", "do not currently have an active account", "Reauthentication",
                         "invalid_grant", "401"})) {
    return CloudError::unauthenticated;
  }
  if (contains_any(err, {"PERMISSION_DENIED", "403", "AccessDenied", "does not have"})) return CloudError::forbidden;
  if (contains_any(err, {"NOT_FOUND", "404", "not found", "does not exist", "BucketNotFound"})) {
    return CloudError::not_found;
  }
  return CloudError::other;
}

std::string set_key_fix(const Setup& setup, std::string_view key, const std::string& value) {
  const auto* spec = config::find_spec(key);
  const std::string section(spec ? spec->section() : key.substr(0, key.find('.')));
  const std::string name(spec ? spec->name() : key.substr(key.find('.') + 1));
  const std::string line = "[" + section + "] " + name + " = \"" + value + "\"";
  const std::string file = setup.config_file ? *setup.config_file : "magritte.toml";
  return "set " + line + " in " + file + " (or: export " + config::magritte_env_name(key) + "=" +
         shell_quote(value) + ")";
}

Check not_checked(std::string name, const std::string& reason) {
  return {std::move(name), Status::fail, "not checked: " + reason, ""};
}

// ── the checks ──

Check check_config(const std::optional<std::string>& config_file, const std::optional<std::string>& error,
                   const std::string& hint) {
  const std::string file = config_file ? *config_file : "(no config file: defaults, environment and flags)";
  if (!error) return {"config", Status::ok, file + ": valid", ""};
  return {"config", Status::fail, *error, hint.empty() ? "magritte config show" : hint};
}

Check check_gcloud(const std::optional<std::string>& path, const std::optional<Answer>& version,
                   std::chrono::seconds timeout) {
  if (!path || !version) {
    return {"gcloud", Status::fail, "not found on PATH",
            std::string(kInstallSdk) + " (other systems: " + kInstallPage + ")"};
  }
  if (version->kind == Answer::Kind::timed_out) {
    return {"gcloud", Status::fail, *path + ": " + no_answer(*version, timeout), rerun_fix(*version)};
  }
  if (version->kind == Answer::Kind::failed) {
    return {"gcloud", Status::fail, *path + ": " + failure_detail(*version),
            std::string("reinstall it: ") + kInstallSdk};
  }
  const auto versions = read_versions(version->out);
  const std::string sdk = versions.sdk ? "Google Cloud SDK " + *versions.sdk : "version unknown";
  return {"gcloud", Status::ok, sdk + " (" + *path + ")", ""};
}

Check check_gsutil(const std::optional<std::string>& path, const SdkVersions& versions,
                   const std::optional<Setup>& setup) {
  if (path) {
    const std::string version = versions.gsutil ? "gsutil " + *versions.gsutil : "version unknown";
    return {"gsutil", Status::ok, version + " (" + *path + ")", ""};
  }
  if (setup && setup->engine == "gsutil") {
    return {"gsutil", Status::warn,
            "not found on PATH, and storage.engine = gsutil (" + setup->engine_origin + ") needs it",
            std::string(kInstallSdk) + " (gsutil is part of it), or " +
                set_key_fix(*setup, "storage.engine", "gcloud-storage")};
  }
  if (!setup) return {"gsutil", Status::warn, "not found on PATH (needed when storage.engine = gsutil)", kInstallSdk};
  return {"gsutil", Status::ok, "not found on PATH; not needed (storage.engine = gcloud-storage)", ""};
}

Check check_account(const GcloudConfig& gcloud) {
  if (!gcloud.problem.empty()) return {"account", Status::fail, gcloud.problem, "gcloud config list"};
  if (gcloud.credentials_disabled) {
    const std::string who = gcloud.account ? " (account " + *gcloud.account + " unused)" : "";
    return {"account", Status::ok, "credentials disabled (auth/disable_credentials: the emulator)" + who, ""};
  }
  if (gcloud.account) return {"account", Status::ok, *gcloud.account, ""};
  return {"account", Status::fail, "no active account: gcloud has no credentials to use", login_fix()};
}

Check check_project(const Setup& setup, const GcloudConfig& gcloud) {
  if (setup.project) {
    const std::string detail = *setup.project + " (" + setup.project_origin + ")";
    // With gcloud.pass_project = false (the seed's way), gcloud works on its own core/project.
    if (!setup.pass_project && gcloud.problem.empty() && gcloud.project != setup.project) {
      const std::string used = gcloud.project ? *gcloud.project : "no project";
      return {"project", Status::warn,
              detail + ", but gcloud.pass_project = false and gcloud's core/project is " + used +
                  ": gcloud would work on that",
              "gcloud config set project " + shell_quote(*setup.project)};
    }
    return {"project", Status::ok, detail, ""};
  }
  if (!gcloud.problem.empty()) return not_checked("project", "project.id is not set and gcloud did not say its own");
  if (!gcloud.project) {
    return {"project", Status::fail, "project.id is not set, and gcloud has no core/project",
            "gcloud config set project PROJECT_ID, or " + set_key_fix(setup, "project.id", "PROJECT_ID")};
  }
  if (const auto problem = config::formats::project_id.check(*gcloud.project)) {
    return {"project", Status::fail, "gcloud's core/project '" + *gcloud.project + "' is not a project id: " + *problem,
            "gcloud config set project PROJECT_ID"};
  }
  return {"project", Status::ok, *gcloud.project + " (gcloud core/project)", ""};
}

Check check_region(const Setup& setup) {
  if (const auto problem = config::formats::region.check(setup.region)) {
    return {"region", Status::fail, "'" + setup.region + "' (" + setup.region_origin + "): " + *problem,
            set_key_fix(setup, "project.region", "europe-west1")};
  }
  return {"region", Status::ok, setup.region + " (" + setup.region_origin + ")", ""};
}

Check check_bucket(const Setup& setup, const std::optional<Answer>& describe, const GcloudConfig& gcloud,
                   std::chrono::seconds timeout) {
  if (!setup.bucket || !describe) {
    return {"bucket", Status::fail, "storage.bucket is not set", set_key_fix(setup, "storage.bucket", "BUCKET")};
  }
  const std::string uri = "gs://" + *setup.bucket;
  switch (describe->kind) {
    case Answer::Kind::ok: return {"bucket", Status::ok, uri + " exists and is readable", ""};
    case Answer::Kind::timed_out: return {"bucket", Status::fail, uri + ": " + no_answer(*describe, timeout), rerun_fix(*describe)};
    case Answer::Kind::failed: break;
  }
  switch (classify_error(describe->err)) {
    case CloudError::not_found:
      return {"bucket", Status::fail, uri + " does not exist",
              to_shell_line(plan::create_bucket(*setup.bucket, setup.region,
                                                  setup.pass_project ? setup.project : std::nullopt))};
    case CloudError::forbidden:
      return {"bucket", Status::fail, uri + " exists but is not readable" + account_words(gcloud) + " (403)",
              to_shell_line(plan::grant_bucket_access(uri, gcloud.account.value_or("ACCOUNT"))) +
                  " (by the bucket's owner)"};
    case CloudError::unauthenticated:
      return {"bucket", Status::fail, uri + ": gcloud's credentials were refused (401)", login_fix()};
    case CloudError::api_disabled:
    case CloudError::other: break;
  }
  return {"bucket", Status::fail, uri + ": " + failure_detail(*describe), rerun_fix(*describe)};
}

Check check_ml_api(const Setup& setup, const Answer& list, const GcloudConfig& gcloud, std::chrono::seconds timeout) {
  const std::string service = service_name(setup);
  const std::string where = setup.backend == "ai-platform" ? "the global endpoint" : setup.region;
  switch (list.kind) {
    case Answer::Kind::ok: return {"ml_api", Status::ok, service + " answers (models listed in " + where + ")", ""};
    case Answer::Kind::timed_out:
      return {"ml_api", Status::fail, service + ": " + no_answer(list, timeout), rerun_fix(list)};
    case Answer::Kind::failed: break;
  }
  switch (classify_error(list.err)) {
    case CloudError::api_disabled:
      return {"ml_api", Status::fail, service + " API (" + service_api(setup) + ") is not enabled",
              "gcloud services enable " + service_api(setup) + project_flag(setup, gcloud)};
    case CloudError::unauthenticated:
      return {"ml_api", Status::fail, service + ": gcloud's credentials were refused (401)", login_fix()};
    case CloudError::forbidden: {
      const auto project = setup.project ? setup.project : gcloud.project;
      const std::string role = setup.backend == "ai-platform" ? "roles/ml.developer" : "roles/aiplatform.user";
      return {"ml_api", Status::fail, service + ": permission denied" + account_words(gcloud) + " (403)",
              "gcloud projects add-iam-policy-binding " + shell_quote(project ? *project : "PROJECT_ID") +
                  " --member " + shell_quote(member(gcloud)) + " --role " + role + " (by the project's owner)"};
    }
    case CloudError::not_found:
    case CloudError::other: break;
  }
  return {"ml_api", Status::fail, service + ": " + failure_detail(list), rerun_fix(list)};
}

Check check_storage(const Setup& setup, bool gcloud_found, bool gsutil_found, const std::optional<Answer>& gsutil_list,
                    std::chrono::seconds timeout) {
  const std::string configured = "storage.engine = " + setup.engine + " (" + setup.engine_origin + ")";
  if (setup.engine == "gcloud-storage") {
    if (!gcloud_found) return not_checked("storage", configured + " needs gcloud, which is not found");
    return {"storage", Status::ok, "gcloud storage rsync (" + configured + ")", ""};
  }
  // gsutil: the seed's engine. Google is removing gsutil from the Cloud SDK.
  const std::string switch_fix = set_key_fix(setup, "storage.engine", "gcloud-storage");
  if (!gsutil_found) {
    return {"storage", Status::warn, configured + ", but gsutil is not installed: `magritte sync` would fail",
            std::string(kInstallSdk) + " (gsutil is part of it), or " + switch_fix};
  }
  if (!gsutil_list) return {"storage", Status::ok, "gsutil -m rsync (" + configured + "); not tried: no bucket", ""};
  const std::string uri = "gs://" + setup.bucket.value_or("");
  const std::string debug = "see why: gsutil -D ls -b " + shell_quote(uri) + ", or " + switch_fix;
  switch (gsutil_list->kind) {
    case Answer::Kind::ok: return {"storage", Status::ok, "gsutil reads " + uri + " (" + configured + ")", ""};
    case Answer::Kind::timed_out:
      // gsutil retries connection and TLS errors quietly, for minutes.
      return {"storage", Status::fail, "gsutil: " + no_answer(*gsutil_list, timeout), debug};
    case Answer::Kind::failed: break;
  }
  if (classify_error(gsutil_list->err) == CloudError::not_found) {
    return {"storage", Status::ok, "gsutil answers (" + configured + "); " + uri + " does not exist (see bucket)", ""};
  }
  return {"storage", Status::fail, "gsutil: " + failure_detail(*gsutil_list), debug};
}

Check check_vision(const std::optional<std::string>& error, const std::string& hint) {
  if (!error) return {"vision", Status::ok, "magritte-vision.so loads (predict, promote's smoke test)", ""};
  return {"vision", Status::fail, *error, hint};
}

}  // namespace magritte::doctor
