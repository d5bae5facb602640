// ${section.key} against effective values, $$, nested references, cycles, unknown keys.
#include "config_test_support.hpp"

namespace magritte::config::testing {
namespace {

TEST_F(ConfigTest, DefaultsFollowTheSeedVariables) {
  env_ = {{"MODEL_NAME", "magritte"}, {"VERSION", "v3"}, {"BUCKET", "sleq-ml-engine"}};
  const auto settings = load();
  EXPECT_EQ(settings.str("train.job_name"), "magritte_v3");
  EXPECT_EQ(settings.str("train.job_dir"), "gs://sleq-ml-engine/models/magritte_v3");
  EXPECT_EQ(settings.str("deploy.origin"), "gs://sleq-ml-engine/models/magritte_v3/model");
  EXPECT_EQ(settings.str("train.region"), "us-central1");
  const Setting* job_name = settings.find("train.job_name");
  EXPECT_EQ(std::get<std::string>(job_name->raw), "${model.name}_${model.version}");
  EXPECT_EQ(job_name->origin.describe(), "default");
}

TEST_F(ConfigTest, NestedReferencesAcrossLayers) {
  write("magritte.toml",
        "[train]\njob_name = \"${model.name}_nightly\"\n"
        "[deploy]\norigin = \"${train.job_dir}/export\"\n");
  env_ = {{"MODEL_NAME", "m"}, {"BUCKET", "b-1"}};
  set("storage.bucket", "b-2");
  const auto settings = load();
  EXPECT_EQ(settings.str("deploy.origin"), "gs://b-2/models/m_nightly/export");
}

TEST_F(ConfigTest, DollarDollarIsALiteralDollar) {
  write("magritte.toml",
        "[model]\nname = \"m\"\n[deploy]\ndescription = \"costs $$5, $x and ${model.name}$$\"\n");
  const auto settings = load();
  EXPECT_EQ(settings.str("deploy.description"), "costs $5, $x and m$");
  EXPECT_EQ(std::get<std::string>(settings.find("deploy.description")->raw),
            "costs $$5, $x and ${model.name}$$");
}

TEST_F(ConfigTest, ListElementsAndMapValuesAreInterpolated) {
  write("magritte.toml",
        "[model]\nversion = \"v4\"\n"
        "[train]\nargs = [\"--tag\", \"${model.version}\", \"$${HOME}\"]\n"
        "labels = { version = \"${model.version}\" }\n");
  const auto settings = load();
  EXPECT_EQ(settings.list("train.args"), (StringList{"--tag", "v4", "${HOME}"}));
  EXPECT_EQ(settings.map("train.labels"), (StringMap{{"version", "v4"}}));
}

TEST_F(ConfigTest, ReferenceToAnUnsetKeyLeavesTheKeyUnset) {
  env_ = {{"MODEL_NAME", "m"}};
  const auto settings = load();  // sync does not need a version: no error at load time
  EXPECT_FALSE(settings.has("train.job_name"));
  EXPECT_EQ(settings.opt_str("train.job_name"), std::nullopt);
  EXPECT_EQ(settings.find_unresolved("deploy.origin")->missing_key, "storage.bucket");
  try {
    settings.str("train.job_name");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()),
              "train.job_name = '${model.name}_${model.version}' (default) needs model.version, "
              "which is not set: set [model] version in magritte.toml, VERSION, "
              "MAGRITTE_MODEL_VERSION or --version");
  }
}

TEST_F(ConfigTest, UnsetReferenceInAListElement) {
  write("magritte.toml", "[train]\nargs = [\"--project\", \"${project.id}\"]\n");
  const auto settings = load();
  EXPECT_EQ(settings.find_unresolved("train.args")->missing_key, "project.id");
  EXPECT_TRUE(settings.list("train.args").empty());
}

TEST_F(ConfigTest, CycleIsAnErrorThatPrintsTheChain) {
  write("magritte.toml", "[train]\njob_name = \"${train.job_dir}\"\n");
  env_["BUCKET"] = "b-1";
  EXPECT_EQ(load_error(),
            "magritte.toml:2: cycle in ${...} references: "
            "train.job_name -> train.job_dir -> train.job_name");
}

TEST_F(ConfigTest, SelfReferenceIsACycle) {
  env_["MODEL_NAME"] = "${model.name}x";
  EXPECT_EQ(load_error(), "env MODEL_NAME: cycle in ${...} references: model.name -> model.name");
}

TEST_F(ConfigTest, UnknownReferenceSuggestsTheNearestKey) {
  write("magritte.toml", "[train]\njob_name = \"${model.nmae}_x\"\n");
  EXPECT_EQ(load_error(),
            "magritte.toml:2: train.job_name refers to unknown key 'model.nmae'; "
            "did you mean 'model.name'?");
}

TEST_F(ConfigTest, UnknownReferenceFarFromAnyKey) {
  set("deploy.description", "${nothing}");
  EXPECT_EQ(load_error(), "--set: deploy.description refers to unknown key 'nothing'");
}

TEST_F(ConfigTest, ReferenceToANonStringKey) {
  env_["JOB_NAME"] = "job_${predict.top}";
  EXPECT_EQ(load_error(),
            "env JOB_NAME: train.job_name refers to predict.top, which is an integer; "
            "only string keys can be referenced");
}

TEST_F(ConfigTest, UnterminatedReference) {
  write("magritte.toml", "[deploy]\ndescription = \"see ${model.name\"\n");
  EXPECT_EQ(load_error(),
            "magritte.toml:2: deploy.description has an unterminated '${' in "
            "'see ${model.name'; write $$ for a literal $");
}

}  // namespace
}  // namespace magritte::config::testing
