// What each probe's answer means: the stderr gcloud and gsutil really print (SDK 528, against
// the emulator or as documented by Google), timeouts, missing programs, and the fixes.
#include <gmock/gmock.h>

#include "doctor/classify.hpp"

namespace magritte::doctor {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

Setup vertex_setup() {
  Setup setup;
  setup.config_file = "magritte.toml";
  setup.project = "magritte-local";
  setup.project_origin = "file magritte.toml:2";
  setup.region = "europe-west1";
  setup.region_origin = "file magritte.toml:3";
  setup.bucket = "magritte-demo";
  setup.backend = "vertex";
  setup.engine = "gcloud-storage";
  setup.engine_origin = "default";
  return setup;
}

Answer ok(std::string out) { return {Answer::Kind::ok, std::move(out), "", "", "gcloud x"}; }
Answer failed(std::string err, std::string line, std::string command = "gcloud x") {
  return {Answer::Kind::failed, "", std::move(err), std::move(line), std::move(command)};
}
Answer timed_out(std::string command) { return {Answer::Kind::timed_out, "", "", "", std::move(command)}; }

GcloudConfig logged_in() {
  GcloudConfig gcloud;
  gcloud.account = "ana@example.com";
  gcloud.project = "magritte-local";
  return gcloud;
}

// ── gcloud's answers ──

TEST(DoctorAnswers, VersionsOfTheSdkAndGsutil) {
  const auto versions = read_versions(R"({"Google Cloud SDK": "528.0.0", "core": "2025.06.20", "gsutil": "5.34"})");
  EXPECT_EQ(versions.sdk, "528.0.0");
  EXPECT_EQ(versions.gsutil, "5.34");
  EXPECT_FALSE(read_versions("not json").sdk.has_value());
  EXPECT_FALSE(read_versions(R"({"Google Cloud SDK": "528.0.0"})").gsutil.has_value());
}

TEST(DoctorAnswers, ConfigListGivesAccountProjectAndDisabledCredentials) {
  const auto gcloud = read_config_list(
      ok(R"({"auth": {"disable_credentials": "True"}, "core": {"account": "a@b.c", "project": "p-123456"}})"), 5s);
  EXPECT_EQ(gcloud.problem, "");
  EXPECT_EQ(gcloud.account, "a@b.c");
  EXPECT_EQ(gcloud.project, "p-123456");
  EXPECT_TRUE(gcloud.credentials_disabled);
}

TEST(DoctorAnswers, ConfigListThatTimesOutOrFailsIsAProblem) {
  EXPECT_EQ(read_config_list(timed_out("gcloud config list --format=json"), 5s).problem,
            "no answer in 5 s (gcloud config list --format=json)");
  EXPECT_EQ(read_config_list(failed("boom", "ERROR: boom"), 5s).problem, "ERROR: boom");
  EXPECT_THAT(read_config_list(ok("[]"), 5s).problem, HasSubstr("cannot read gcloud's configuration"));
}

TEST(DoctorAnswers, ErrorKindsFromGcloudsStderr) {
  EXPECT_EQ(classify_error("ERROR: (gcloud.storage.buckets.describe) gs://nope not found: 404."), CloudError::not_found);
  EXPECT_EQ(classify_error("ERROR: (gcloud.storage.buckets.describe) HTTPError 403: a@b.c does not have "
                           "storage.buckets.get access to the Google Cloud Storage bucket."),
            CloudError::forbidden);
  EXPECT_EQ(classify_error("ERROR: (gcloud.ai.models.list) PERMISSION_DENIED: Vertex AI API has not been used in "
                           "project 123 before or it is disabled. reason: SERVICE_DISABLED"),
            CloudError::api_disabled);
  EXPECT_EQ(classify_error("ERROR: (gcloud.ai.models.list) You do not currently have an active account selected."),
            CloudError::unauthenticated);
  EXPECT_EQ(classify_error("ERROR: (gcloud.ai.models.list) There was a problem refreshing your current auth tokens: "
                           "Reauthentication failed."),
            CloudError::unauthenticated);
  EXPECT_EQ(classify_error("ERROR: gcloud crashed (ValueError): x"), CloudError::other);
}

// ── the checks ──

TEST(DoctorChecks, ConfigIsValidOrSaysWhyAndHow) {
  EXPECT_EQ(check_config("magritte.toml", std::nullopt, "").detail, "magritte.toml: valid");
  const auto bad = check_config(std::nullopt, "magritte.toml:3: unknown key 'nmae' in [model]", "");
  EXPECT_EQ(bad.status, Status::fail);
  EXPECT_EQ(bad.detail, "magritte.toml:3: unknown key 'nmae' in [model]");
  EXPECT_EQ(bad.fix, "magritte config show");
}

TEST(DoctorChecks, GcloudFoundWithItsVersionOrNotFound) {
  const auto found = check_gcloud("/usr/bin/gcloud", ok(R"({"Google Cloud SDK": "528.0.0"})"), 5s);
  EXPECT_EQ(found.status, Status::ok);
  EXPECT_EQ(found.detail, "Google Cloud SDK 528.0.0 (/usr/bin/gcloud)");
  const auto missing = check_gcloud(std::nullopt, std::nullopt, 5s);
  EXPECT_EQ(missing.status, Status::fail);
  EXPECT_EQ(missing.detail, "not found on PATH");
  EXPECT_THAT(missing.fix, HasSubstr("sudo apt-get install google-cloud-cli"));
  const auto hung = check_gcloud("/usr/bin/gcloud", timed_out("gcloud version --format=json"), 7s);
  EXPECT_EQ(hung.status, Status::fail);
  EXPECT_EQ(hung.detail, "/usr/bin/gcloud: no answer in 7 s (gcloud version --format=json)");
}

TEST(DoctorChecks, GsutilMissingWarnsOnlyWhenItIsTheEngine) {
  auto setup = vertex_setup();
  EXPECT_EQ(check_gsutil("/usr/bin/gsutil", {"528.0.0", "5.34"}, setup).detail, "gsutil 5.34 (/usr/bin/gsutil)");
  EXPECT_EQ(check_gsutil(std::nullopt, {}, setup).status, Status::ok);
  setup.engine = "gsutil";
  setup.engine_origin = "file magritte.toml:9";
  const auto warned = check_gsutil(std::nullopt, {}, setup);
  EXPECT_EQ(warned.status, Status::warn);
  EXPECT_EQ(warned.detail, "not found on PATH, and storage.engine = gsutil (file magritte.toml:9) needs it");
  EXPECT_EQ(warned.fix,
            "sudo apt-get install google-cloud-cli (gsutil is part of it), or set [storage] engine = "
            "\"gcloud-storage\" in magritte.toml (or: export MAGRITTE_STORAGE_ENGINE=gcloud-storage)");
}

TEST(DoctorChecks, AccountOrDisabledCredentials) {
  EXPECT_EQ(check_account(logged_in()).detail, "ana@example.com");
  GcloudConfig emulator;
  emulator.credentials_disabled = true;
  EXPECT_EQ(check_account(emulator).status, Status::ok);
  EXPECT_THAT(check_account(emulator).detail, HasSubstr("credentials disabled"));
  const auto none = check_account(GcloudConfig{});
  EXPECT_EQ(none.status, Status::fail);
  EXPECT_THAT(none.fix, HasSubstr("gcloud auth login"));
}

TEST(DoctorChecks, ProjectFromTheConfigOrFromGcloud) {
  auto setup = vertex_setup();
  EXPECT_EQ(check_project(setup, logged_in()).detail, "magritte-local (file magritte.toml:2)");
  // The seed does not pass --project: gcloud's own core/project is what counts.
  setup.pass_project = false;
  GcloudConfig other = logged_in();
  other.project = "someone-else";
  const auto differs = check_project(setup, other);
  EXPECT_EQ(differs.status, Status::warn);
  EXPECT_EQ(differs.fix, "gcloud config set project magritte-local");

  setup.project.reset();
  EXPECT_EQ(check_project(setup, other).detail, "someone-else (gcloud core/project)");
  other.project = "Bad_Project";
  EXPECT_EQ(check_project(setup, other).status, Status::fail);
  other.project.reset();
  const auto none = check_project(setup, other);
  EXPECT_EQ(none.status, Status::fail);
  EXPECT_THAT(none.fix, HasSubstr("gcloud config set project PROJECT_ID"));
  EXPECT_THAT(none.fix, HasSubstr("MAGRITTE_PROJECT_ID=PROJECT_ID"));
}

TEST(DoctorChecks, RegionFormat) {
  auto setup = vertex_setup();
  EXPECT_EQ(check_region(setup).detail, "europe-west1 (file magritte.toml:3)");
  setup.region = "Europe West";
  EXPECT_EQ(check_region(setup).status, Status::fail);
}

TEST(DoctorChecks, BucketMissingSaysTheCommandThatCreatesIt) {
  const auto setup = vertex_setup();
  EXPECT_EQ(check_bucket(setup, ok("{}"), logged_in(), 5s).detail, "gs://magritte-demo exists and is readable");
  const auto missing = check_bucket(
      setup, failed("ERROR: (gcloud.storage.buckets.describe) gs://magritte-demo not found: 404.\n", "x"), logged_in(), 5s);
  EXPECT_EQ(missing.status, Status::fail);
  EXPECT_EQ(missing.detail, "gs://magritte-demo does not exist");
  EXPECT_EQ(missing.fix,
            "gcloud storage buckets create gs://magritte-demo --location europe-west1 --uniform-bucket-level-access "
            "--project magritte-local");
}

TEST(DoctorChecks, BucketNotReadableNamesTheAccount) {
  const auto refused = check_bucket(vertex_setup(), failed("ERROR: ... HTTPError 403: no access\n", "x"), logged_in(), 5s);
  EXPECT_EQ(refused.status, Status::fail);
  EXPECT_EQ(refused.detail, "gs://magritte-demo exists but is not readable by ana@example.com (403)");
  EXPECT_THAT(refused.fix, HasSubstr("--member user:ana@example.com --role roles/storage.objectAdmin"));
}

TEST(DoctorChecks, BucketUnsetOrNoAnswer) {
  auto setup = vertex_setup();
  const auto hung = check_bucket(setup, timed_out("gcloud storage buckets describe gs://magritte-demo --format=json"),
                                 logged_in(), 3s);
  EXPECT_EQ(hung.detail,
            "gs://magritte-demo: no answer in 3 s (gcloud storage buckets describe gs://magritte-demo --format=json)");
  setup.bucket.reset();
  const auto unset = check_bucket(setup, std::nullopt, logged_in(), 3s);
  EXPECT_EQ(unset.detail, "storage.bucket is not set");
  EXPECT_EQ(unset.fix, "set [storage] bucket = \"BUCKET\" in magritte.toml (or: export MAGRITTE_STORAGE_BUCKET=BUCKET)");
}

TEST(DoctorChecks, MlApiAnswersOrIsDisabledOrHangs) {
  auto setup = vertex_setup();
  EXPECT_EQ(check_ml_api(setup, ok("[]"), logged_in(), 5s).detail, "Vertex AI answers (models listed in europe-west1)");
  const auto disabled = check_ml_api(setup, failed("PERMISSION_DENIED ... reason: SERVICE_DISABLED", "x"), logged_in(), 5s);
  EXPECT_EQ(disabled.status, Status::fail);
  EXPECT_EQ(disabled.fix, "gcloud services enable aiplatform.googleapis.com --project magritte-local");
  setup.backend = "ai-platform";
  const auto hung = check_ml_api(setup, timed_out("gcloud ai-platform models list"), logged_in(), 5s);
  EXPECT_EQ(hung.status, Status::fail);
  EXPECT_EQ(hung.detail, "AI Platform (ml v1): no answer in 5 s (gcloud ai-platform models list)");
  EXPECT_EQ(hung.fix, "run it alone to see why: gcloud ai-platform models list --verbosity=debug");
}

TEST(DoctorChecks, StorageEngine) {
  auto setup = vertex_setup();
  EXPECT_EQ(check_storage(setup, true, false, std::nullopt, 5s).status, Status::ok);
  setup.engine = "gsutil";
  setup.engine_origin = "file magritte.toml:9";
  const auto missing = check_storage(setup, true, false, std::nullopt, 5s);
  EXPECT_EQ(missing.status, Status::warn);
  EXPECT_THAT(missing.fix, HasSubstr("export MAGRITTE_STORAGE_ENGINE=gcloud-storage"));
  EXPECT_EQ(check_storage(setup, true, true, ok(""), 5s).detail,
            "gsutil reads gs://magritte-demo (storage.engine = gsutil (file magritte.toml:9))");
  const auto hung = check_storage(setup, true, true, timed_out("gsutil ls -b gs://magritte-demo"), 5s);
  EXPECT_EQ(hung.status, Status::fail);
  EXPECT_THAT(hung.fix, HasSubstr("gsutil -D ls -b gs://magritte-demo"));
}

TEST(DoctorChecks, VisionModule) {
  EXPECT_EQ(check_vision(std::nullopt, "").status, Status::ok);
  const auto missing = check_vision("magritte-vision.so not found (tried /x)", "build it");
  EXPECT_EQ(missing.status, Status::fail);
  EXPECT_EQ(missing.fix, "build it");
}

}  // namespace
}  // namespace magritte::doctor
