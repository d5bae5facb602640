// The report: one aligned line per check, the fix under it, a summary; and its JSON.
#include <gmock/gmock.h>

#include "doctor/check.hpp"

namespace magritte::doctor {
namespace {

const std::vector<Check> kChecks = {
    {"gcloud", Status::ok, "Google Cloud SDK 528.0.0 (/usr/bin/gcloud)", ""},
    {"gsutil", Status::warn, "not found on PATH", "sudo apt-get install google-cloud-cli"},
    {"bucket", Status::fail, "gs://b does not exist", "gcloud storage buckets create gs://b --location us-central1"},
};

TEST(DoctorReport, OneLinePerCheckWithTheFixUnderIt) {
  EXPECT_EQ(render_text(kChecks),
            "ok    gcloud  Google Cloud SDK 528.0.0 (/usr/bin/gcloud)\n"
            "warn  gsutil  not found on PATH\n"
            "              fix: sudo apt-get install google-cloud-cli\n"
            "fail  bucket  gs://b does not exist\n"
            "              fix: gcloud storage buckets create gs://b --location us-central1\n"
            "1 ok, 1 warning, 1 failed\n");
}

TEST(DoctorReport, SummaryCountsPlurals) {
  std::vector<Check> checks(2, Check{"x", Status::warn, "d", "f"});
  EXPECT_THAT(render_text(checks), ::testing::EndsWith("0 ok, 2 warnings, 0 failed\n"));
}

TEST(DoctorReport, JsonHasEveryCheckAndNullFixWhenNothingToDo) {
  const auto json = to_json(kChecks);
  ASSERT_EQ(json["checks"].size(), 3U);
  EXPECT_EQ(json["checks"][0], nlohmann::json({{"name", "gcloud"},
                                               {"status", "ok"},
                                               {"detail", "Google Cloud SDK 528.0.0 (/usr/bin/gcloud)"},
                                               {"fix", nullptr}}));
  EXPECT_EQ(json["checks"][2]["status"], "fail");
  EXPECT_EQ(json["checks"][2]["fix"], "gcloud storage buckets create gs://b --location us-central1");
  EXPECT_EQ(json["ok"], 1);
  EXPECT_EQ(json["warn"], 1);
  EXPECT_EQ(json["fail"], 1);
}

}  // namespace
}  // namespace magritte::doctor
