// `magritte doctor` against the emulator with the real gcloud and gsutil: a healthy setup, a
// missing bucket (and its fix, typed as printed), programs missing from PATH, and an ML API
// that never answers (held by a listener that accepts connections and says nothing).
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "harness/emulator_test.hpp"

namespace magritte::e2e {
namespace {

namespace fs = std::filesystem;

// A TCP port that accepts connections (the kernel completes them into the backlog) and never
// answers: a proxy that hangs every request sent through it, for as long as the test runs.
class SilentListener {
public:
  SilentListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd_, 64) != 0) {
      throw std::runtime_error("cannot listen");
    }
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~SilentListener() { ::close(fd_); }
  int port() const { return port_; }

private:
  int fd_ = -1;
  int port_ = 0;
};

class Doctor : public EmulatorTest {
protected:
  void write_config(const std::string& bucket, const std::string& engine) {
    write_file("magritte.toml", "[project]\nid = \"magritte-local\"\nregion = \"europe-west1\"\n"
                                "[storage]\nbucket = \"" + bucket + "\"\nengine = \"" + engine + "\"\n"
                                "[model]\nname = \"magritte\"\nversion = \"v1\"\n");
  }

  // A PATH holding every program of /usr/bin but `missing` (gcloud's wrapper script needs
  // the shell tools, so an empty PATH would test something else).
  std::string path_without(const std::set<std::string>& missing) {
    const fs::path bin = work_dir() / ("bin-without-" + *missing.begin());
    fs::create_directories(bin);
    for (const auto& entry : fs::directory_iterator("/usr/bin")) {
      const auto name = entry.path().filename().string();
      if (missing.count(name) == 0) fs::create_symlink(entry.path(), bin / name);
    }
    return bin.string();
  }

  // A generous --timeout unless a test sets its own: on a loaded CI machine gsutil alone can
  // take 10 s to start, and a healthy setup must not fail for it.
  CommandResult doctor(const Environment& env, std::vector<std::string> args = {}) {
    std::vector<std::string> argv = {"magritte", "doctor"};
    if (std::find(args.begin(), args.end(), "--timeout") == args.end()) args.insert(args.end(), {"--timeout", "150s"});
    argv.insert(argv.end(), args.begin(), args.end());
    return run_with(env, argv);
  }

  static nlohmann::json check(const nlohmann::json& report, const std::string& name) {
    for (const auto& item : report["checks"]) {
      if (item["name"] == name) return item;
    }
    ADD_FAILURE() << "no check named " << name << " in " << report.dump();
    return nlohmann::json::object();
  }
};

TEST_F(Doctor, HealthySetupIsAllOkInTextAndJson) {
  write_config("magritte-test", "gcloud-storage");
  const CommandResult text = doctor(environment());
  ASSERT_TRUE(text.ok()) << text.describe();
  EXPECT_TRUE(contains(text.out, "10 ok, 0 warnings, 0 failed")) << text.out;

  const CommandResult json = doctor(environment(), {"--format", "json"});
  ASSERT_TRUE(json.ok()) << json.describe();
  const auto report = nlohmann::json::parse(json.out);
  ASSERT_EQ(report["checks"].size(), 10U) << report.dump(2);
  for (const auto& item : report["checks"]) EXPECT_EQ(item["status"], "ok") << item.dump();
  EXPECT_TRUE(contains(check(report, "gcloud")["detail"], "Google Cloud SDK 528")) << report.dump(2);
  EXPECT_TRUE(contains(check(report, "account")["detail"], "credentials disabled")) << report.dump(2);
  EXPECT_EQ(check(report, "bucket")["detail"], "gs://magritte-test exists and is readable");
  EXPECT_EQ(check(report, "ml_api")["detail"], "Vertex AI answers (models listed in europe-west1)");
}

TEST_F(Doctor, GsutilEngineIsTriedThroughGsutilItself) {
  write_config("magritte-test", "gsutil");
  const CommandResult json = doctor(environment(), {"--format", "json", "--backend", "ai-platform"});
  ASSERT_TRUE(json.ok()) << json.describe();
  const auto report = nlohmann::json::parse(json.out);
  EXPECT_EQ(check(report, "storage")["status"], "ok") << report.dump(2);
  EXPECT_TRUE(contains(check(report, "storage")["detail"], "gsutil reads gs://magritte-test")) << report.dump(2);
  EXPECT_EQ(check(report, "ml_api")["detail"], "AI Platform (ml v1) answers (models listed in the global endpoint)");
}

TEST_F(Doctor, MissingBucketFailsWithTheCommandThatCreatesItAndThatCommandWorks) {
  write_config("magritte-missing", "gcloud-storage");
  const CommandResult json = doctor(environment(), {"--format", "json"});
  EXPECT_EQ(json.exit_code, 1) << json.describe();
  EXPECT_TRUE(contains(json.err, "magritte: error: 1 of 10 checks failed")) << json.err;
  const auto bucket = check(nlohmann::json::parse(json.out), "bucket");
  EXPECT_EQ(bucket["status"], "fail");
  EXPECT_EQ(bucket["detail"], "gs://magritte-missing does not exist");
  const std::string fix = bucket["fix"];
  ASSERT_EQ(fix, "gcloud storage buckets create gs://magritte-missing --location europe-west1 "
                 "--uniform-bucket-level-access --project magritte-local");

  // The fix, typed as printed, makes the check pass.
  const CommandResult created = run_with(environment(), {"sh", "-c", fix});
  ASSERT_TRUE(created.ok()) << created.describe();
  const CommandResult again = doctor(environment());
  EXPECT_TRUE(again.ok()) << again.describe();
}

TEST_F(Doctor, GcloudNotFoundFailsAndSaysHowToInstallIt) {
  write_config("magritte-test", "gcloud-storage");
  Environment env = environment();
  env["PATH"] = path_without({"gcloud", "gsutil"});
  const CommandResult json = doctor(env, {"--format", "json"});
  EXPECT_EQ(json.exit_code, 1) << json.describe();
  const auto report = nlohmann::json::parse(json.out);
  const auto gcloud = check(report, "gcloud");
  EXPECT_EQ(gcloud["status"], "fail");
  EXPECT_EQ(gcloud["detail"], "not found on PATH");
  EXPECT_TRUE(contains(gcloud["fix"], "sudo apt-get install google-cloud-cli")) << gcloud.dump();
  EXPECT_EQ(check(report, "account")["detail"], "not checked: gcloud is not found");
  EXPECT_EQ(check(report, "vision")["status"], "ok");  // what needs no gcloud is still checked
  EXPECT_EQ(check(report, "config")["status"], "ok");
}

TEST_F(Doctor, GsutilConfiguredButMissingWarnsWithBothFixes) {
  write_config("magritte-test", "gsutil");
  Environment env = environment();
  env["PATH"] = path_without({"gsutil"});
  const CommandResult text = doctor(env);
  ASSERT_TRUE(text.ok()) << text.describe();  // warnings do not fail the run
  EXPECT_TRUE(contains(text.out, "warn  gsutil   not found on PATH, and storage.engine = gsutil (file magritte.toml:6)"))
      << text.out;
  EXPECT_TRUE(contains(text.out, "or set [storage] engine = \"gcloud-storage\" in magritte.toml "
                                 "(or: export MAGRITTE_STORAGE_ENGINE=gcloud-storage)"))
      << text.out;
  EXPECT_TRUE(contains(text.out, "8 ok, 2 warnings, 0 failed")) << text.out;
}

TEST_F(Doctor, AnApiThatNeverAnswersFailsWithinTheTimeout) {
  write_config("magritte-test", "gcloud-storage");
  const SilentListener silent;
  Environment env = environment();
  env["CLOUDSDK_PROXY_PORT"] = std::to_string(silent.port());  // gcloud's requests go nowhere
  const CommandResult json = doctor(env, {"--format", "json", "--timeout", "3s"});
  EXPECT_EQ(json.exit_code, 1) << json.describe();
  const auto report = nlohmann::json::parse(json.out);
  const auto ml_api = check(report, "ml_api");
  EXPECT_EQ(ml_api["status"], "fail");
  EXPECT_TRUE(contains(ml_api["detail"], "Vertex AI: no answer in 3 s (gcloud ai models list")) << ml_api.dump();
  EXPECT_TRUE(contains(check(report, "bucket")["detail"], "no answer in 3 s")) << report.dump(2);
  // Bounded: 3 s, then SIGTERM to the two hung probes (SIGKILL 10 s later at worst); without
  // the deadline gcloud would wait on the silent proxy for minutes.
  EXPECT_LT(json.seconds, 60) << json.describe();
}

}  // namespace
}  // namespace magritte::e2e
