// Log entries as `gcloud logging read --format=json` prints them, shown as stream-logs does.
#include <gtest/gtest.h>

#include <cstdlib>

#include "release/log_entries.hpp"

namespace magritte::release {
namespace {

class LogEntries : public ::testing::Test {
protected:
  void SetUp() override {
    const char* tz = std::getenv("TZ");
    saved_tz_ = tz ? std::optional<std::string>(tz) : std::nullopt;
    setenv("TZ", "UTC", 1);
    tzset();
  }
  void TearDown() override {
    if (saved_tz_) setenv("TZ", saved_tz_->c_str(), 1); else unsetenv("TZ");
    tzset();
  }
  std::optional<std::string> saved_tz_;
};

const auto kEntries = nlohmann::json::parse(R"([
  {"insertId": "a1", "timestamp": "2026-11-26T11:08:31.5Z", "severity": "INFO",
   "resource": {"type": "ml_job", "labels": {"job_id": "j", "task_name": "master-replica-0"}},
   "jsonPayload": {"message": "Epoch 1/3\nEpoch 2/3"}},
  {"insertId": "a2", "timestamp": "2026-11-26T11:08:32Z", "textPayload": "plain",
   "labels": {"ml.googleapis.com/task_name": "worker-replica-1", "trial_id": "7"}},
  {"insertId": "a3", "timestamp": "2026-11-26T11:08:33Z", "severity": "ERROR",
   "jsonPayload": {"levelname": "ERROR"}},
  {"insertId": "no-time", "textPayload": "dropped"}
])");

TEST_F(LogEntries, FormattedLikeStreamLogs) {
  const auto lines = parse_log_entries(kEntries);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(format_log_line(lines[0]),
            (std::vector<std::string>{"INFO\t2026-11-26 11:08:31 +0000\tmaster-replica-0\t\tEpoch 1/3",
                                      "INFO\t2026-11-26 11:08:31 +0000\tmaster-replica-0\t\tEpoch 2/3"}));
  EXPECT_EQ(format_log_line(lines[1]),
            std::vector<std::string>{"DEFAULT\t2026-11-26 11:08:32 +0000\tworker-replica-1\t7\tplain"});
  EXPECT_EQ(format_log_line(lines[2]),
            std::vector<std::string>{"ERROR\t2026-11-26 11:08:33 +0000\tunknown_task\t\t"});
}

TEST_F(LogEntries, CursorResumesAfterTheLastEntry) {
  LogCursor cursor;
  EXPECT_EQ(cursor.filter(std::nullopt), "timestamp>=\"1970-01-01T00:00:00Z\"");
  cursor.advance(parse_log_entries(kEntries));
  EXPECT_EQ(cursor.filter(std::nullopt),
            "((timestamp=\"2026-11-26T11:08:33Z\" AND insertId>\"a3\") OR timestamp>\"2026-11-26T11:08:33Z\")");
  cursor.advance({});
  const auto bound = parse_rfc3339("2026-11-26T11:09:00Z");
  EXPECT_EQ(cursor.filter(bound),
            "((timestamp=\"2026-11-26T11:08:33Z\" AND insertId>\"a3\") OR timestamp>\"2026-11-26T11:08:33Z\")"
            " AND timestamp<\"2026-11-26T11:09:00.000000Z\"");
}

}  // namespace
}  // namespace magritte::release
