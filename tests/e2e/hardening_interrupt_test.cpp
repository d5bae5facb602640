// SIGINT/SIGTERM sent to magritte in the middle of sync, train (submission and --wait),
// deploy --wait, predict and promote, with the real gcloud/gsutil underneath and the
// emulator holding each command at the interesting point (held requests, holds). Each time: exit 130/143 (never a
// death by signal, never "terminate called"), a message that says what state things are
// in, nothing half-done, and running the command again finishes the job.
// (A terminal's Ctrl-C reaches the whole foreground group; here the signal goes to
// magritte alone, which is the harder case: magritte must forward it to its child.)
#include <signal.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "harness/control_client.hpp"
#include "hardening_support.hpp"

namespace magritte::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class Interrupts : public HardeningTest {
protected:
  struct Started {
    std::unique_ptr<BackgroundProcess> process;
    fs::path log;
  };

  // magritte in the emulator's environment, its stdout and stderr in one log file.
  Started start(std::vector<std::string> args) {
    static int counter = 0;
    Started started;
    started.log = home() / ("magritte-" + std::to_string(counter++) + ".log");
    args.insert(args.begin(), magritte_binary());
    started.process = std::make_unique<BackgroundProcess>(args, environment(), work_dir(), started.log);
    return started;
  }

  // Signals magritte, waits for it, checks it exited (not died) with `expected_exit`, and
  // returns what it printed.
  std::string interrupt(Started& started, int signal_number, int expected_exit) {
    EXPECT_TRUE(started.process->running()) << "magritte ended before the signal:\n" << read_text(started.log);
    started.process->send_signal(signal_number);
    EXPECT_TRUE(started.process->wait(std::chrono::seconds(60))) << "magritte did not stop:\n" << read_text(started.log);
    const std::string printed = read_text(started.log);
    EXPECT_EQ(started.process->signal(), 0) << "magritte died by a signal:\n" << printed;
    EXPECT_EQ(started.process->exit_code(), expected_exit) << printed;
    for (const char* crash : {"terminate called", "AddressSanitizer", "runtime error:", "internal error"}) {
      EXPECT_EQ(printed.find(crash), std::string::npos) << printed;
    }
    return printed;
  }

  // Objects under gs://magritte-test/<prefix> as the storage API lists them: name → bytes.
  std::map<std::string, std::string> objects(const std::string& prefix) {
    std::map<std::string, std::string> found;
    const RawReply listing = http_get(port(), "/storage/v1/b/magritte-test/o?prefix=" + prefix);
    EXPECT_EQ(listing.status, 200) << listing.body;
    for (const json& item : json::parse(listing.body).value("items", json::array())) {
      const std::string name = item["name"];
      std::string escaped;
      for (char c : name) escaped += c == '/' ? std::string("%2F") : std::string(1, c);
      found[name] = http_get(port(), "/storage/v1/b/magritte-test/o/" + escaped + "?alt=media").body;
    }
    return found;
  }

  std::string file_content(int index) { return std::string(64 * 1024 + index * 997, static_cast<char>('a' + index)); }

  void write_photos(int count) {
    fs::remove_all(work_dir() / "data");
    for (int i = 0; i < count; ++i) write_file("data/p" + std::to_string(i) + ".bin", file_content(i));
  }
};

// ── sync ────────────────────────────────────────────────────────────────────────────────

class SyncInterrupts : public Interrupts, public ::testing::WithParamInterface<int> {};

TEST_P(SyncInterrupts, LeaveOnlyWholeObjectsAndARerunUploadsTheRest) {
  const int signal_number = GetParam();
  const bool sigint = signal_number == SIGINT;
  // SIGINT through gsutil, SIGTERM through gcloud storage.
  const std::string engine = sigint ? "gsutil" : "gcloud-storage";
  write_photos(8);
  // One upload (whichever comes first) is held until the test lets it go; the others go
  // through. The signal comes while it is held: the tool and its workers must stop, mid-upload.
  inject_fault({{"path", "^/upload/"}, {"mode", "hold"}, {"count", 1}});
  const auto since = last_request_seq();
  auto sync = start({"sync", "--set", "storage.engine=" + engine});
  ASSERT_TRUE(eventually([&] { return uploads_since(since).size() >= 7 && held_requests().size() == 1; }))
      << read_text(sync.log);
  const std::string printed = interrupt(sync, signal_number, sigint ? 130 : 143);
  EXPECT_TRUE(contains(printed, std::string("magritte: error: interrupted by ") + (sigint ? "SIGINT" : "SIGTERM") +
                                    " while running " + (sigint ? "gsutil" : "gcloud")))
      << printed;
  EXPECT_TRUE(contains(printed, "magritte: hint: nothing is half-uploaded")) << printed;
  // Counted while the upload is still held: once let go, the emulator stores it, and a count
  // taken after clear_faults() raced with that (8 objects on a loaded machine).
  EXPECT_LT(objects("data/").size(), 8U) << "the signal came too late to test anything";
  clear_faults();

  // Whatever is there is whole. The held request was complete: once let go it stores a
  // whole object (or none). Wait for it, so that the rerun below races with nothing.
  ASSERT_TRUE(eventually([&] { return uploads_since(since).size() >= 8; }, std::chrono::seconds(30)));
  const auto stored = objects("data/");
  for (const auto& [name, bytes] : stored) {
    const int index = std::stoi(name.substr(std::string("data/p").size()));
    EXPECT_TRUE(bytes == file_content(index)) << name << " is not whole";
  }
  // And the same command finishes the job, uploading only what is missing.
  const auto before_rerun = last_request_seq();
  const CommandResult again = magritte({"sync", "--set", "storage.engine=" + engine});
  ASSERT_TRUE(again.ok()) << again.describe();
  EXPECT_EQ(uploads_since(before_rerun).size(), 8 - stored.size());
  EXPECT_EQ(objects("data/").size(), 8U);
}

INSTANTIATE_TEST_SUITE_P(Signals, SyncInterrupts, ::testing::Values(SIGINT, SIGTERM),
                         [](const auto& param_info) { return param_info.param == SIGINT ? "sigint_gsutil" : "sigterm_gcloud_storage"; });

// ── train ───────────────────────────────────────────────────────────────────────────────

TEST_F(Interrupts, TrainInterruptedWhileSubmittingSaysTheJobMayExist) {
  // The job is created, then its answer is held: the signal comes while gcloud waits for
  // it, exactly the case where magritte cannot know, and must say so.
  inject_fault({{"path", "/jobs$"}, {"method", "POST"}, {"mode", "hold_response"}});
  auto train = start({"train"});
  ASSERT_TRUE(eventually([&] { return !held_requests().empty(); })) << read_text(train.log);
  const std::string printed = interrupt(train, SIGINT, 130);
  EXPECT_TRUE(contains(printed, "magritte: error: interrupted by SIGINT while running gcloud (jobs submit training "
                                "magritte_v1)"))
      << printed;
  EXPECT_TRUE(contains(printed, "job magritte_v1 may or may not have been submitted: 'magritte status magritte_v1' "
                                "tells"))
      << printed;
  clear_faults();
  ASSERT_TRUE(wait_for_state("magritte_v1", "SUCCEEDED", std::chrono::seconds(60)));
  const CommandResult status = magritte({"status", "magritte_v1"});
  EXPECT_TRUE(status.ok()) << status.describe();
  EXPECT_TRUE(contains(status.out + status.err, "SUCCEEDED")) << status.describe();
}

TEST_F(Interrupts, TrainWaitStoppedBySigtermLeavesTheJobRunning) {
  const auto running = hold("job_running");  // the job stays RUNNING until released
  auto train = start({"train", "--wait", "--set", "wait.poll_interval=1"});
  ASSERT_TRUE(eventually([&] { return contains(read_text(train.log), "RUNNING"); })) << read_text(train.log);
  const std::string printed = interrupt(train, SIGTERM, 143);
  EXPECT_TRUE(contains(printed, "magritte status magritte_v1 --wait")) << printed;  // how to re-attach
  EXPECT_EQ(job_state("magritte_v1"), "RUNNING") << "stopping the watch must not stop the job";
  release(running);
  ASSERT_TRUE(wait_for_state("magritte_v1", "SUCCEEDED", std::chrono::seconds(60)));
}

// ── deploy --wait ───────────────────────────────────────────────────────────────────────

TEST_F(Interrupts, DeployWaitInterruptedWhileCreatingThenReattached) {
  upload_model("models/mean");
  const auto creating = hold("version_create");
  auto deploy = start({"deploy", "--wait", "--set", "wait.poll_interval=1"});
  ASSERT_TRUE(eventually([&] { return contains(read_text(deploy.log), "CREATING"); })) << read_text(deploy.log);
  const std::string printed = interrupt(deploy, SIGINT, 130);
  EXPECT_TRUE(contains(printed, "magritte deploy --wait")) << printed;  // how to wait again
  auto again = start({"deploy", "--wait", "--set", "wait.poll_interval=1"});  // re-attaches
  ASSERT_TRUE(eventually([&] { return contains(read_text(again.log), "CREATING"); })) << read_text(again.log);
  release(creating);
  ASSERT_TRUE(again.process->wait(std::chrono::seconds(120))) << read_text(again.log);
  EXPECT_EQ(again.process->exit_code(), 0) << read_text(again.log);
  EXPECT_TRUE(contains(read_text(again.log), "READY")) << read_text(again.log);
  EXPECT_EQ(default_version(), "v1");
}

// ── predict ─────────────────────────────────────────────────────────────────────────────

TEST_F(Interrupts, PredictStopsSendingPrintsWhatIsDoneAndExits130) {
  deploy_mean_model();
  for (int i = 0; i < 30; ++i) write_red_png("photos/red" + std::to_string(100 + i) + ".png");
  inject_fault({{"path", ":predict$"}, {"mode", "delay"}, {"delay_ms", 2000}});
  const auto since = last_request_seq();
  auto predict = start({"predict", "photos", "--top", "1", "--format", "csv", "--set", "predict.max_instances=2",
                        "--set", "predict.in_flight=1"});
  ASSERT_TRUE(eventually([&] { return !matching(requests_since(since), "POST", ":predict$").empty(); }))
      << read_text(predict.log);
  const std::string printed = interrupt(predict, SIGINT, 130);
  EXPECT_TRUE(contains(printed, "magritte: error: interrupted by SIGINT: ")) << printed;
  EXPECT_TRUE(contains(printed, " of 30 image(s) done (printed above); the others were not sent")) << printed;
  std::this_thread::sleep_for(std::chrono::seconds(3));  // a request still sent would show by now
  const auto sent = matching(requests_since(since), "POST", ":predict$");
  EXPECT_LE(sent.size(), 3U) << "requests went on after the signal";
  int records = 0;
  std::istringstream lines(printed);
  for (std::string line; std::getline(lines, line);) records += contains(line, ",1,red,0.99");
  EXPECT_GE(records, 2) << printed;
  EXPECT_EQ(static_cast<std::size_t>(records), 2 * sent.size()) << "a finished request's results were not printed";
}

// ── promote ─────────────────────────────────────────────────────────────────────────────

TEST_F(Interrupts, PromoteInterruptedDuringTheSwitchSaysWhereThingsStand) {
  deploy_mean_model("v1");
  deploy_mean_model("v2");
  // The switch request arrives and is held there: the signal comes while gcloud waits.
  inject_fault({{"path", ":setDefault$"}, {"mode", "hold"}});
  const auto since = last_request_seq();
  auto promote = start({"promote", "v2"});
  ASSERT_TRUE(eventually([&] { return !held_requests().empty(); })) << read_text(promote.log);
  const std::string printed = interrupt(promote, SIGTERM, 143);
  EXPECT_TRUE(contains(printed, "magritte: error: interrupted by SIGTERM while running gcloud (versions set-default v2)"))
      << printed;
  EXPECT_TRUE(contains(printed, "the default is either still the previous version or already v2")) << printed;
  EXPECT_EQ(default_version(), "v1") << "the held switch was applied before it was let go";
  clear_faults();  // the request that arrived is served now, though its client is gone
  ASSERT_TRUE(eventually([&] { return !matching(requests_since(since), "POST", ":setDefault$").empty(); }));
  EXPECT_EQ(default_version(), "v2");
  const CommandResult again = magritte({"promote", "v2", "--no-smoke"});
  ASSERT_TRUE(again.ok()) << again.describe();
  EXPECT_EQ(default_version(), "v2");
}

}  // namespace
}  // namespace magritte::e2e
