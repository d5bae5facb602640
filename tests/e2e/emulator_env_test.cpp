// `magritte emulator env`: eval'd in a shell whose environment points elsewhere, it makes
// gcloud and gsutil talk to the emulator; and the emulator answers fast.
#include <cstdlib>

#include "harness/emulator_test.hpp"

namespace magritte::e2e {
namespace {

using nlohmann::json;

class EmulatorEnv : public EmulatorTest {};

TEST_F(EmulatorEnv, EvalPointsGcloudAndGsutilAtTheEmulatorDespiteHostileVariables) {
  Environment hostile = base_environment();
  hostile["CLOUDSDK_CORE_PROJECT"] = "someone-elses-project";
  hostile["CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE"] = "http://nowhere.invalid/storage/v1/";
  hostile["CLOUDSDK_PROXY_PORT"] = "1";
  hostile["CLOUDSDK_CORE_CUSTOM_CA_CERTS_FILE"] = "/etc/ssl/certs/ca-certificates.crt";
  hostile["BOTO_PATH"] = "/nonexistent/boto";
  const std::string script = "eval \"$(\"$0\" emulator env --port " + std::to_string(port()) +
                             " --data-dir \"$1\")\" && gcloud storage ls && gsutil ls";
  const CommandResult result =
      run_with(hostile, {"/bin/bash", "-c", script, magritte_binary(), data_dir().string()});
  ASSERT_TRUE(result.ok()) << result.describe();
  EXPECT_EQ(result.out, "gs://magritte-test/\ngs://magritte-test/\n") << result.describe();
}

TEST_F(EmulatorEnv, IdempotentTextAndJsonAgree) {
  const std::vector<std::string> args = {"emulator", "env", "--port", std::to_string(port()), "--data-dir",
                                         data_dir().string()};
  const CommandResult first = run_with(base_environment(), {"magritte", args[0], args[1], args[2], args[3], args[4], args[5]});
  const CommandResult second = run_with(base_environment(), {"magritte", args[0], args[1], args[2], args[3], args[4], args[5]});
  ASSERT_TRUE(first.ok()) << first.describe();
  EXPECT_EQ(first.out, second.out);
  const CommandResult json_result =
      run_with(base_environment(), {"magritte", args[0], args[1], args[2], args[3], args[4], args[5], "--format", "json"});
  ASSERT_TRUE(json_result.ok()) << json_result.describe();
  const json printed = json::parse(json_result.out);
  for (const auto& [name, value] : printed["env"].items()) {
    EXPECT_NE(first.out.find("export " + name + "="), std::string::npos) << name;
  }
  EXPECT_EQ(printed["env"]["STORAGE_EMULATOR_HOST"], "http://127.0.0.1:" + std::to_string(port()));
  EXPECT_EQ(printed["project"], "magritte-local");
}

TEST_F(EmulatorEnv, ModelsListIsServedInUnderFiveMilliseconds) {
  const std::uint64_t seq = last_request_seq();
  const CommandResult result = gcloud({"ai-platform", "models", "list", "--region", "europe-west1"});
  ASSERT_TRUE(result.ok()) << result.describe();
  bool seen = false;
  for (const json& request : requests_since(seq)) {
    if (request["path"] != "/v1/projects/magritte-local/models") continue;
    seen = true;
    EXPECT_EQ(request["host"], "europe-west1-ml.emulator.test");
    EXPECT_LT(request["micros"].get<long>(), 5000) << request.dump();
  }
  EXPECT_TRUE(seen) << "gcloud did not reach the emulator's models.list";
}

}  // namespace
}  // namespace magritte::e2e
