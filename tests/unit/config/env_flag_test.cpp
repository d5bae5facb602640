// Env and flag values: text converted to each type; MAGRITTE_* typos; --set parsing.
#include "config_test_support.hpp"

namespace magritte::config::testing {
namespace {

TEST_F(ConfigTest, EnvListAsTomlArrayOrCommas) {
  env_["MAGRITTE_TRAIN_ARGS"] = R"(["--data-path", "a, b", "${model.name}"])";
  env_["MODEL_NAME"] = "m";
  EXPECT_EQ(load().list("train.args"), (StringList{"--data-path", "a, b", "m"}));
  env_["MAGRITTE_TRAIN_ARGS"] = " --num-epochs, 3,--verbose ";
  EXPECT_EQ(load().list("train.args"), (StringList{"--num-epochs", "3", "--verbose"}));
  env_["MAGRITTE_TRAIN_ARGS"] = "";
  EXPECT_EQ(load().list("train.args"), StringList{});
}

TEST_F(ConfigTest, EnvMapAsInlineTableOrPairs) {
  env_["MAGRITTE_TRAIN_LABELS"] = R"({ team = "vision", "cost-center" = "ml" })";
  EXPECT_EQ(load().map("train.labels"), (StringMap{{"cost-center", "ml"}, {"team", "vision"}}));
  env_["MAGRITTE_TRAIN_LABELS"] = "team=vision, owner = jean";
  EXPECT_EQ(load().map("train.labels"), (StringMap{{"owner", "jean"}, {"team", "vision"}}));
}

TEST_F(ConfigTest, EnvIntegersAndBooleans) {
  env_["MAGRITTE_PREDICT_TOP"] = "+7";
  env_["MAGRITTE_GCLOUD_PASS_PROJECT"] = "No";
  auto settings = load();
  EXPECT_EQ(settings.integer("predict.top"), 7);
  EXPECT_FALSE(settings.boolean("gcloud.pass_project"));
  for (const char* yes : {"true", "1", "yes", "TRUE"}) {
    env_["MAGRITTE_GCLOUD_PASS_PROJECT"] = yes;
    EXPECT_TRUE(load().boolean("gcloud.pass_project")) << yes;
  }
}

TEST_F(ConfigTest, EnvConversionErrors) {
  env_["MAGRITTE_PREDICT_TOP"] = "5x";
  EXPECT_EQ(load_error(), "env MAGRITTE_PREDICT_TOP: predict.top must be an integer, got '5x'");
  env_["MAGRITTE_PREDICT_TOP"] = "";
  EXPECT_EQ(load_error(), "env MAGRITTE_PREDICT_TOP: predict.top must be an integer, got ''");
  env_.erase("MAGRITTE_PREDICT_TOP");
  env_["MAGRITTE_GCLOUD_PASS_PROJECT"] = "maybe";
  EXPECT_EQ(load_error(),
            "env MAGRITTE_GCLOUD_PASS_PROJECT: gcloud.pass_project must be a boolean (true or "
            "false), got 'maybe' (accepted: true, false, 1, 0, yes, no)");
  env_.erase("MAGRITTE_GCLOUD_PASS_PROJECT");
  env_["MAGRITTE_TRAIN_LABELS"] = "team";
  EXPECT_EQ(load_error(),
            "env MAGRITTE_TRAIN_LABELS: train.labels must be a table: key=value,key2=value2 or "
            "{key = \"value\"}, got 'team'");
}

TEST_F(ConfigTest, EnvTomlListErrors) {
  env_["MAGRITTE_TRAIN_ARGS"] = R"(["--num-epochs", 3])";
  EXPECT_EQ(load_error(),
            "env MAGRITTE_TRAIN_ARGS: train.args must be an array of strings, element 2 is "
            "integer 3; quote it: \"3\"");
  env_["MAGRITTE_TRAIN_ARGS"] = R"(["--num-epochs", )";
  EXPECT_EQ(load_error(),
            "env MAGRITTE_TRAIN_ARGS: train.args is not valid TOML: Error while parsing array: "
            "encountered end-of-file (at character 18)");
}

TEST_F(ConfigTest, MagritteVariableWithATypo) {
  env_["MAGRITTE_TRAIN_MODUL_NAME"] = "trainer.task";
  EXPECT_EQ(load_error(),
            "env MAGRITTE_TRAIN_MODUL_NAME: unknown key 'modul_name' in [train]; did you mean "
            "MAGRITTE_TRAIN_MODULE_NAME?");
}

TEST_F(ConfigTest, MagritteVariableFarFromAnyKey) {
  env_["MAGRITTE_MODEL_COLOUR"] = "red";
  EXPECT_EQ(load_error(),
            "env MAGRITTE_MODEL_COLOUR: unknown key 'colour' in [model]; variables for [model]: "
            "MAGRITTE_MODEL_NAME, MAGRITTE_MODEL_VERSION");
}

TEST_F(ConfigTest, OtherMagritteVariablesAreIgnored) {
  write("other.toml", "");
  env_ = {{"MAGRITTE_CONFIG", "other.toml"},
          {"MAGRITTE_VISION_MODULE", "/opt/magritte-vision.so"},
          {"MAGRITTE_TRAIN", "x"},
          {"MAGRITTE_TRAINING_X", "x"},
          {"MAGRITTE_", "x"}};
  EXPECT_EQ(load().config_file(), std::filesystem::path("other.toml"));
}

TEST_F(ConfigTest, MagritteTwinBeatsTheSeedVariable) {
  env_ = {{"VERSION", "v2"}, {"MAGRITTE_MODEL_VERSION", "v3"}};
  const auto settings = load();
  EXPECT_EQ(settings.str("model.version"), "v3");
  EXPECT_EQ(settings.find("model.version")->origin.describe(), "env MAGRITTE_MODEL_VERSION");
}

TEST_F(ConfigTest, SetFlagParsing) {
  const FlagOverride flag = parse_set_flag("train.args=--a=1,--b");
  EXPECT_EQ(flag.key, "train.args");
  EXPECT_EQ(flag.value, "--a=1,--b");
  EXPECT_EQ(flag.flag, "--set");
  EXPECT_EQ(parse_set_flag(" model.name =m").key, "model.name");
}

std::string set_flag_error(const std::string& text) {
  try {
    parse_set_flag(text);
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::usage);
    return error.what();
  }
  return "no error";
}

TEST_F(ConfigTest, SetFlagErrors) {
  EXPECT_EQ(set_flag_error("foo"), "--set: expected section.key=value, got 'foo'");
  EXPECT_EQ(set_flag_error("model.nmae=x"),
            "--set: unknown key 'model.nmae'; did you mean 'model.name'?");
  EXPECT_EQ(set_flag_error("module_name=x"),
            "--set: unknown key 'module_name'; did you mean 'train.module_name'?");
  EXPECT_EQ(set_flag_error("kube.pods=3"),
            "--set: unknown key 'kube.pods'; keys are section.key, e.g. model.name; 'magritte "
            "config show' lists them");
}

TEST_F(ConfigTest, FlagValuesAreConverted) {
  set("train.args", R"(["--tag", "${model.version}"])");
  set("model.version", "v9", "--version");
  EXPECT_EQ(load().list("train.args"), (StringList{"--tag", "v9"}));
  set("predict.top", "many");
  EXPECT_EQ(load_error(), "--set: predict.top must be an integer, got 'many'");
}

TEST_F(ConfigTest, UnknownKeyInAFlagOverride) {
  set("model.nmae", "x");
  EXPECT_EQ(load_error(), "--set: unknown key 'model.nmae'; did you mean 'model.name'?");
}

}  // namespace
}  // namespace magritte::config::testing
