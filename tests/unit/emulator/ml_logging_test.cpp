// Cloud Logging pieces: the filter language subset, the log store (RFC 3339 times:
// tests/unit/util/timestamp_test.cpp).
#include <fstream>

#include <gtest/gtest.h>

#include "emulator/logging/log_filter.hpp"
#include "emulator/logging/log_store.hpp"
#include "magritte/timestamp.hpp"
#include "support/process.hpp"

namespace magritte::emulator {
namespace {

LogEntry entry(UnixNanos time, const std::string& id, const std::string& severity,
               const std::string& job = "job1", const std::string& task = "master-replica-0") {
  LogEntry e;
  e.timestamp = time;
  e.insert_id = id;
  e.severity = severity;
  e.message = "Epoch 1/3";
  e.project = "p";
  e.job_id = job;
  e.task_name = task;
  return e;
}

TEST(LogFilter, GcloudStreamLogsFilters) {
  const UnixNanos t = unix_nanos(*parse_rfc3339("2026-11-26T11:08:31.500000000Z"));
  const LogEntry e = entry(t, "000000000004", "INFO");
  const std::string base =
      "(resource.type=\"ml_job\" OR resource.type=\"cloudml_job\") AND resource.labels.job_id=\"job1\"";
  auto matches = [&](const std::string& filter) { return LogFilter::parse(filter).matches(e); };
  EXPECT_TRUE(matches(base + " AND timestamp>=\"1970-01-01T01:00:00.000000000Z\" AND "
                             "timestamp<\"2026-11-26T11:08:40.000000+00:00\""));
  EXPECT_FALSE(matches(base + " AND timestamp<\"2026-11-26T11:08:31.000000+00:00\""));
  // The follow-up poll: same timestamp needs a larger insertId.
  const std::string same = " AND ((timestamp=\"2026-11-26T11:08:31.500000000Z\" AND insertId>\"";
  EXPECT_TRUE(matches(base + same + "000000000003\") OR timestamp>\"2026-11-26T11:08:31.500000000Z\")"));
  EXPECT_FALSE(matches(base + same + "000000000004\") OR timestamp>\"2026-11-26T11:08:31.500000000Z\")"));
  EXPECT_FALSE(matches("resource.labels.job_id=\"job2\""));
  EXPECT_TRUE(matches(base + " AND (resource.labels.task_name=\"master-replica-0\" OR "
                             "labels.task_name=\"master-replica-0\")"));
  EXPECT_EQ(LogFilter::parse(base + " AND timestamp>=\"x\"").required_job_id(), std::optional<std::string>("job1"));
  EXPECT_EQ(LogFilter::parse("resource.labels.job_id=\"a\" OR severity=INFO").required_job_id(), std::nullopt);
}

TEST(LogFilter, OperatorsNegationAndSeverity) {
  const LogEntry info = entry(1, "1", "INFO");
  const LogEntry error = entry(2, "2", "ERROR");
  const auto at_least_warning = LogFilter::parse("severity>=WARNING");
  EXPECT_FALSE(at_least_warning.matches(info));
  EXPECT_TRUE(at_least_warning.matches(error));
  EXPECT_TRUE(LogFilter::parse("NOT severity=ERROR").matches(info));
  EXPECT_FALSE(LogFilter::parse("-severity=INFO").matches(info));
  EXPECT_TRUE(LogFilter::parse("jsonPayload.message:\"epoch\"").matches(info));  // has: substring
  // Juxtaposition is AND; OR binds tighter than AND, as in Cloud Logging.
  EXPECT_FALSE(LogFilter::parse("severity=INFO resource.labels.job_id=\"other\"").matches(info));
  EXPECT_TRUE(LogFilter::parse("severity=ERROR OR severity=INFO AND resource.labels.job_id=job1").matches(info));
  EXPECT_TRUE(LogFilter::parse("").matches(info));
  EXPECT_FALSE(LogFilter::parse("unknown.field=\"x\"").matches(info));
}

TEST(LogFilter, SyntaxErrorsNameTheColumn) {
  EXPECT_THROW(LogFilter::parse("(severity=INFO"), FilterSyntaxError);
  EXPECT_THROW(LogFilter::parse("severity"), FilterSyntaxError);
  EXPECT_THROW(LogFilter::parse("severity=\"open"), FilterSyntaxError);
  EXPECT_THROW(LogFilter::parse("textPayload=~\"x\""), FilterSyntaxError);
  try {
    LogFilter::parse("severity=INFO )");
    FAIL();
  } catch (const FilterSyntaxError& error) {
    EXPECT_NE(std::string(error.what()).find("column 15"), std::string::npos) << error.what();
  }
}

TEST(LogStore, AppendsPersistAndTornLinesAreSkipped) {
  magritte::testing::TempDir temp;
  {
    LogStore store(temp.path());
    const LogEntry a = store.append("p", "job1", "service", "INFO", "first");
    const LogEntry b = store.append("p", "job1", "master-replica-0", "ERROR", "second\xff");
    store.append("p", "job2", "service", "INFO", "other job");
    EXPECT_LT(a.timestamp, b.timestamp);
    EXPECT_LT(a.insert_id, b.insert_id);
  }
  // A crash mid-write leaves half a line; reading skips it and appending goes on.
  std::ofstream(temp.path() / "p~job1.jsonl", std::ios::app) << "{\"t\": 12";
  LogStore store(temp.path());
  auto entries = store.job_entries("p", "job1");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].message, "first");
  EXPECT_EQ(entries[1].severity, "ERROR");
  const LogEntry c = store.append("p", "job1", "service", "INFO", "third");
  EXPECT_GT(c.insert_id, entries[1].insert_id);
  EXPECT_EQ(store.project_entries("p").size(), 4u);
  EXPECT_TRUE(store.project_entries("q").empty());
  EXPECT_EQ(c.to_api_json()["resource"]["labels"]["task_name"], "service");
  // Names from requests never reach outside the store's directory.
  EXPECT_TRUE(store.job_entries("p", "../p~job1").empty());
  EXPECT_TRUE(store.job_entries("../x", "job1").empty());
  EXPECT_TRUE(store.project_entries("..").empty());
  EXPECT_THROW(store.append("p", "a/b", "service", "INFO", "x"), std::invalid_argument);
}

}  // namespace
}  // namespace magritte::emulator
