// projects.jobs: real trainer runs (Debian's python3 on a real sdist), cancel, the queue,
// restart recovery, and the logs that stream-logs reads.
#include <cstdlib>
#include <fstream>

#include "emulator/state.hpp"
#include "unit/emulator/ml_test_support.hpp"

namespace magritte::emulator::ml::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTask = R"PY(import argparse, os, signal, sys, time
parser = argparse.ArgumentParser()
parser.add_argument("--mode", default="ok")
parser.add_argument("--job-dir")
args = parser.parse_args()
print("Epoch 1/3")
print("job %s dir %s" % (os.environ["CLOUD_ML_JOB_ID"], args.job_dir))
print("storage %s" % os.environ["STORAGE_EMULATOR_HOST"])
print("leak %s" % os.environ.get("MAGRITTE_TEST_LEAK", "absent"))
print("INFO:trainer:logging line", file=sys.stderr)
if args.mode == "fail":
    raise ValueError("boom: bad data")
if args.mode == "trap":
    signal.signal(signal.SIGTERM, lambda *_: print("ignoring SIGTERM"))
if args.mode in ("sleep", "trap"):
    print("sleeping")
    while True:
        time.sleep(0.05)
print("done")
)PY";

class MlJobsTest : public MlFixture {
protected:
  void SetUp() override {
    ::setenv("MAGRITTE_TEST_LEAK", "leaked", 1);  // must not reach the trainer
    MlFixture::SetUp();
    package_uri_ = stage_package();
  }

  // Builds trainer-0.0.0.tar.gz as gcloud's sdist does (trainer-0.0.0/trainer/*.py) and
  // stages it the way `gcloud ai-platform jobs submit training` does.
  std::string stage_package() {
    const fs::path root = temp() / "sdist" / "trainer-0.0.0";
    fs::create_directories(root / "trainer");
    std::ofstream(root / "trainer" / "__init__.py") << "";
    std::ofstream(root / "trainer" / "task.py") << kTask;
    std::ofstream(root / "setup.py") << "from setuptools import setup\n";
    const fs::path tarball = temp() / "trainer-0.0.0.tar.gz";
    const auto result = magritte::testing::run_process(
        "/usr/bin/tar", {"-czf", tarball.string(), "-C", (temp() / "sdist").string(), "trainer-0.0.0"},
        {{"PATH", "/usr/bin:/bin"}}, temp());
    EXPECT_EQ(result.exit_code, 0) << result.err;
    const auto data = read_file(tarball);
    const std::string name = "staging/packages/abc/trainer-0.0.0.tar.gz";
    objects().write(kBucket, name, *data, "application/x-tar");
    return std::string("gs://") + kBucket + "/" + name;
  }

  Reply submit(const std::string& job_id, const std::string& mode,
               std::vector<std::string> packages = {}) {
    if (packages.empty()) packages.push_back(package_uri_);
    return call("POST", project_path() + "/jobs",
                {{"jobId", job_id},
                 {"trainingInput",
                  {{"args", {"--mode", mode}},
                   {"enableWebAccess", false},
                   {"jobDir", "gs://bucket/models/" + job_id},
                   {"packageUris", packages},
                   {"pythonModule", "trainer.task"},
                   {"region", "europe-west1"},
                   {"runtimeVersion", "1.5"},
                   {"scaleTier", "BASIC_GPU"}}}},
                {{"alt", "json"}}, "ml.emulator.test");
  }

  json job(const std::string& job_id) { return call("GET", project_path() + "/jobs/" + job_id).body; }

  bool reaches(const std::string& job_id, const std::string& state) {
    return eventually([&] { return job(job_id).value("state", "") == state; });
  }

  // The request `gcloud ai-platform jobs stream-logs` sends first.
  json log_entries(const std::string& job_id, const std::string& extra = "") {
    const std::string filter =
        "(resource.type=\"ml_job\" OR resource.type=\"cloudml_job\") AND "
        "resource.labels.job_id=\"" + job_id + "\" AND timestamp>=\"1970-01-01T01:00:00.000000000Z\"" +
        extra;
    const Reply reply = call("POST", "/v2/entries:list",
                             {{"filter", filter}, {"orderBy", "timestamp asc"}, {"pageSize", 1000},
                              {"resourceNames", {std::string("projects/") + kProject}}},
                             {{"alt", "json"}}, "logging.emulator.test");
    EXPECT_EQ(reply.status, 200) << reply.raw;
    return reply.body.value("entries", json::array());
  }

  static std::vector<std::string> messages(const json& entries, const std::string& task = "") {
    std::vector<std::string> lines;
    for (const auto& entry : entries) {
      if (!task.empty() && entry["resource"]["labels"]["task_name"] != task) continue;
      lines.push_back(entry["jsonPayload"]["message"]);
    }
    return lines;
  }

  static bool has(const std::vector<std::string>& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
  }

  std::string package_uri_;
};

TEST_F(MlJobsTest, TrainerRunsToSuccessWithItsOutputAsLogs) {
  const Reply created = submit("magritte_v2", "ok");
  ASSERT_EQ(created.status, 200) << created.raw;
  EXPECT_EQ(created.body["jobId"], "magritte_v2");
  EXPECT_EQ(created.body["state"], "QUEUED");
  EXPECT_EQ(created.body["trainingInput"]["scaleTier"], "BASIC_GPU");
  EXPECT_TRUE(created.body["createTime"].is_string());

  ASSERT_TRUE(reaches("magritte_v2", "SUCCEEDED")) << job("magritte_v2").dump(2);
  const json done = job("magritte_v2");
  EXPECT_TRUE(done["startTime"].is_string());
  EXPECT_TRUE(done["endTime"].is_string());
  EXPECT_LE(done["startTime"].get<std::string>(), done["endTime"].get<std::string>());
  EXPECT_TRUE(done["trainingOutput"]["consumedMLUnits"].is_number());
  EXPECT_FALSE(done.contains("errorMessage"));

  const json entries = log_entries("magritte_v2");
  const auto trainer = messages(entries, "master-replica-0");
  EXPECT_TRUE(has(trainer, "Epoch 1/3"));
  EXPECT_TRUE(has(trainer, "job magritte_v2 dir gs://bucket/models/magritte_v2"));
  EXPECT_TRUE(has(trainer, "storage http://127.0.0.1:1"));
  EXPECT_TRUE(has(trainer, "leak absent")) << "the trainer must get a clean environment";
  EXPECT_TRUE(has(trainer, "done"));
  EXPECT_TRUE(has(messages(entries, "service"), "Job completed successfully."));
  for (const auto& entry : entries) {
    const std::string message = entry["jsonPayload"]["message"];
    if (message == "Epoch 1/3" || message == "INFO:trainer:logging line") {
      EXPECT_EQ(entry["severity"], "INFO") << message;
    }
    EXPECT_EQ(entry["resource"]["type"], "ml_job");
    EXPECT_EQ(entry["resource"]["labels"]["job_id"], "magritte_v2");
  }
  // Entries are in time order with strictly increasing timestamps (stream-logs relies on it).
  for (std::size_t i = 1; i < entries.size(); ++i) {
    EXPECT_LT(entries[i - 1]["timestamp"].get<std::string>(), entries[i]["timestamp"].get<std::string>());
  }
}

TEST_F(MlJobsTest, FailingTrainerReportsItsTraceback) {
  ASSERT_EQ(submit("broken", "fail").status, 200);
  ASSERT_TRUE(reaches("broken", "FAILED"));
  const std::string message = job("broken")["errorMessage"];
  EXPECT_TRUE(message.starts_with("The replica master 0 exited with a non-zero status of 1.")) << message;
  EXPECT_NE(message.find("Traceback (most recent call last):"), std::string::npos) << message;
  EXPECT_NE(message.find("ValueError: boom: bad data"), std::string::npos) << message;
  EXPECT_NE(message.find("gcloud ai-platform jobs stream-logs broken"), std::string::npos);
  bool error_line = false;
  for (const auto& entry : log_entries("broken")) {
    if (entry["jsonPayload"]["message"] == "ValueError: boom: bad data") {
      error_line = entry["severity"] == "ERROR";
    }
  }
  EXPECT_TRUE(error_line);
}

TEST_F(MlJobsTest, SubmitErrors) {
  ASSERT_EQ(submit("once", "ok").status, 200);
  const Reply duplicate = submit("once", "ok");
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_EQ(error_status(duplicate), "ALREADY_EXISTS");
  EXPECT_EQ(error_message(duplicate), "Field: job.job_id Error: A job with this id already exists.");
  EXPECT_EQ(submit("9bad", "ok").status, 400);
  EXPECT_EQ(submit(std::string(129, 'j'), "ok").status, 400);
  const Reply no_module = call("POST", project_path() + "/jobs",
                               {{"jobId", "x1"}, {"trainingInput", {{"packageUris", {package_uri_}},
                                                                    {"region", "europe-west1"}}}});
  EXPECT_EQ(no_module.status, 400);
  EXPECT_NE(error_message(no_module).find("python_module"), std::string::npos);
  const Reply missing = call("GET", project_path() + "/jobs/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(error_message(missing),
            "Field: name Error: The job resource \"projects/demo-project/jobs/nope\" was not found.");
  EXPECT_EQ(call("POST", project_path() + "/jobs/nope:cancel", json::object()).status, 404);
}

TEST_F(MlJobsTest, MissingPackageFailsInPreparing) {
  ASSERT_EQ(submit("nopkg", "ok", {"gs://bucket/no/such.tar.gz"}).status, 200);
  ASSERT_TRUE(reaches("nopkg", "FAILED"));
  EXPECT_EQ(job("nopkg")["errorMessage"],
            "The package gs://bucket/no/such.tar.gz could not be found in Cloud Storage.");
}

TEST_F(MlJobsTest, CancelStopsARunningTrainer) {
  ASSERT_EQ(submit("long", "sleep").status, 200);
  ASSERT_TRUE(eventually([&] { return has(messages(log_entries("long")), "sleeping"); }));
  EXPECT_EQ(job("long")["state"], "RUNNING");
  const Reply cancelled = call("POST", project_path() + "/jobs/long:cancel", json::object());
  ASSERT_EQ(cancelled.status, 200) << cancelled.raw;
  EXPECT_EQ(cancelled.body, json::object());
  ASSERT_TRUE(reaches("long", "CANCELLED"));
  EXPECT_TRUE(job("long")["endTime"].is_string());
  const Reply again = call("POST", project_path() + "/jobs/long:cancel", json::object());
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(error_status(again), "FAILED_PRECONDITION");
  EXPECT_EQ(error_message(again), "Cannot cancel an already completed job.");
}

TEST_F(MlJobsTest, CancelKillsATrainerThatIgnoresSigterm) {
  ASSERT_EQ(submit("stubborn", "trap").status, 200);
  ASSERT_TRUE(eventually([&] { return has(messages(log_entries("stubborn")), "sleeping"); }));
  ASSERT_EQ(call("POST", project_path() + "/jobs/stubborn:cancel", json::object()).status, 200);
  ASSERT_TRUE(reaches("stubborn", "CANCELLED"));
  EXPECT_TRUE(has(messages(log_entries("stubborn")), "ignoring SIGTERM"));
}

TEST_F(MlJobsTest, ListIsNewestFirstWithPages) {
  for (const char* id : {"j1", "j2", "j3"}) ASSERT_EQ(submit(id, "ok").status, 200);
  const Reply first = call("GET", project_path() + "/jobs", nullptr, {{"pageSize", "2"}});
  ASSERT_EQ(first.body["jobs"].size(), 2u);
  EXPECT_EQ(first.body["jobs"][0]["jobId"], "j3");
  EXPECT_EQ(first.body["jobs"][1]["jobId"], "j2");
  const Reply second = call("GET", project_path() + "/jobs", nullptr,
                            {{"pageSize", "2"}, {"pageToken", first.body["nextPageToken"]}});
  ASSERT_EQ(second.body["jobs"].size(), 1u);
  EXPECT_EQ(second.body["jobs"][0]["jobId"], "j1");
  for (const char* id : {"j1", "j2", "j3"}) EXPECT_TRUE(reaches(id, "SUCCEEDED"));
}

TEST_F(MlJobsTest, LogsSurviveRestartAndPageLikeStreamLogs) {
  ASSERT_EQ(submit("kept", "ok").status, 200);
  ASSERT_TRUE(reaches("kept", "SUCCEEDED"));
  const json before = log_entries("kept");
  ASSERT_GE(before.size(), 8u);
  restart();
  const json after = log_entries("kept");
  EXPECT_EQ(after, before);

  // stream-logs' follow-up filter: after the last entry seen, nothing more.
  const json& last = before.back();
  const std::string next = " AND ((timestamp=\"" + last["timestamp"].get<std::string>() +
                           "\" AND insertId>\"" + last["insertId"].get<std::string>() +
                           "\") OR timestamp>\"" + last["timestamp"].get<std::string>() + "\")";
  EXPECT_TRUE(log_entries("kept", next).empty());
  const json& third = before[2];
  const std::string from_third = " AND ((timestamp=\"" + third["timestamp"].get<std::string>() +
                                 "\" AND insertId>\"" + third["insertId"].get<std::string>() +
                                 "\") OR timestamp>\"" + third["timestamp"].get<std::string>() + "\")";
  EXPECT_EQ(log_entries("kept", from_third).size(), before.size() - 3);

  // Pages of 3 add up to the whole log, in order.
  json paged = json::array();
  std::string token;
  do {
    json request = {{"filter", "resource.labels.job_id=\"kept\""}, {"pageSize", 3},
                    {"resourceNames", {std::string("projects/") + kProject}}};
    if (!token.empty()) request["pageToken"] = token;
    const Reply page = call("POST", "/v2/entries:list", request);
    ASSERT_EQ(page.status, 200) << page.raw;
    for (const auto& entry : page.body.value("entries", json::array())) paged.push_back(entry);
    token = page.body.value("nextPageToken", "");
  } while (!token.empty());
  EXPECT_EQ(paged, before);
}

class MlQueueTest : public MlJobsTest {
protected:
  MlOptions options() const override {
    MlOptions options = MlJobsTest::options();
    options.max_parallel_jobs = 1;
    return options;
  }
};

TEST_F(MlQueueTest, JobsBeyondTheLimitWaitAndCanBeCancelledThere) {
  ASSERT_EQ(submit("first", "sleep").status, 200);
  ASSERT_TRUE(reaches("first", "RUNNING"));
  ASSERT_EQ(submit("second", "ok").status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(job("second")["state"], "QUEUED");
  ASSERT_EQ(call("POST", project_path() + "/jobs/second:cancel", json::object()).status, 200);
  EXPECT_EQ(job("second")["state"], "CANCELLED");
  EXPECT_FALSE(job("second").contains("startTime"));
  ASSERT_EQ(call("POST", project_path() + "/jobs/first:cancel", json::object()).status, 200);
  ASSERT_TRUE(reaches("first", "CANCELLED"));
  EXPECT_FALSE(has(messages(log_entries("second")), "Epoch 1/3"));  // never ran
}

class MlMissingPythonTest : public MlJobsTest {
protected:
  MlOptions options() const override {
    MlOptions options = MlJobsTest::options();
    options.python = "/nonexistent/python3";
    return options;
  }
};

TEST_F(MlMissingPythonTest, JobFailsSayingTheTrainerCouldNotStart) {
  ASSERT_EQ(submit("nopython", "ok").status, 200);
  ASSERT_TRUE(reaches("nopython", "FAILED"));
  const std::string message = job("nopython")["errorMessage"];
  EXPECT_TRUE(message.starts_with("The replica master 0 could not start:")) << message;
  EXPECT_NE(message.find("/nonexistent/python3"), std::string::npos) << message;
}

TEST_F(MlJobsTest, StoppingTheEmulatorFailsRunningJobs) {
  ASSERT_EQ(submit("interrupted", "sleep").status, 200);
  ASSERT_TRUE(reaches("interrupted", "RUNNING"));
  restart();
  const json stopped = job("interrupted");
  EXPECT_EQ(stopped["state"], "FAILED");
  EXPECT_NE(stopped["errorMessage"].get<std::string>().find("emulator stopped"), std::string::npos);
}

TEST_F(MlJobsTest, JobsLeftRunningByACrashAreFailedAtStart) {
  stop();
  // What a SIGKILLed emulator leaves behind: a job document still saying RUNNING.
  DocumentStore documents(data_dir() / "state");
  documents.put("jobs", "demo-project~crashed",
                {{"project", kProject}, {"job_id", "crashed"},
                 {"job", {{"jobId", "crashed"}, {"state", "RUNNING"},
                          {"createTime", "2026-01-01T00:00:00.000000000Z"},
                          {"startTime", "2026-01-01T00:00:01.000000000Z"},
                          {"trainingInput", {{"scaleTier", "BASIC"}}}}}});
  start();
  const json recovered = job("crashed");
  EXPECT_EQ(recovered["state"], "FAILED");
  EXPECT_NE(recovered["errorMessage"].get<std::string>().find("restarted while this job was RUNNING"),
            std::string::npos);
  EXPECT_TRUE(recovered["endTime"].is_string());
}

}  // namespace
}  // namespace magritte::emulator::ml::testing
