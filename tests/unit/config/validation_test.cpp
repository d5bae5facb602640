// Every validation error, pinned: source, key, bad value, what is accepted.
#include "config_test_support.hpp"

namespace magritte::config::testing {
namespace {

TEST_F(ConfigTest, ModelNameMustStartWithALetter) {
  env_["MODEL_NAME"] = "9abc";
  EXPECT_EQ(load_error(), "env MODEL_NAME: invalid model.name '9abc': must start with a letter");
}

TEST_F(ConfigTest, VersionNameRejectsHyphens) {
  set("model.version", "v-3", "--version");
  EXPECT_EQ(load_error(),
            "--version: invalid model.version 'v-3': contains '-'; only letters, digits and "
            "underscores are accepted");
}

TEST_F(ConfigTest, EmptySeedVariableIsAnEmptyValue) {
  env_["MODEL_NAME"] = "";  // MODEL_NAME= in a shell: set, and empty
  EXPECT_EQ(load_error(),
            "env MODEL_NAME: model.name is empty; accepted: a letter, then letters, digits or "
            "underscores (at most 128)");
}

TEST_F(ConfigTest, EmptyFreeFormValue) {
  env_["MAGRITTE_TRAIN_MODULE_NAME"] = "";
  EXPECT_EQ(load_error(),
            "env MAGRITTE_TRAIN_MODULE_NAME: train.module_name is empty; give a value or leave "
            "it unset");
}

TEST_F(ConfigTest, EmptyDescriptionIsAllowed) {
  set("deploy.description", "");
  EXPECT_EQ(load().str("deploy.description"), "");
}

TEST_F(ConfigTest, JobNameLengthIsCheckedAfterInterpolation) {
  env_ = {{"MODEL_NAME", std::string(100, 'a')}, {"VERSION", "v" + std::string(29, '1')}};
  const std::string job = std::string(100, 'a') + "_v" + std::string(29, '1');
  EXPECT_EQ(load_error(), "default: invalid train.job_name '" + job +
                              "' (from '${model.name}_${model.version}'): is 131 characters "
                              "long; at most 128 are accepted");
}

TEST_F(ConfigTest, BucketWithGsPrefixSaysToDropIt) {
  env_["BUCKET"] = "gs://sleq-ml-engine";
  EXPECT_EQ(load_error(),
            "env BUCKET: invalid storage.bucket 'gs://sleq-ml-engine': is a URI; write the "
            "bucket name without gs:// ('sleq-ml-engine')");
}

TEST_F(ConfigTest, BucketNameRules) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Sleq", "contains 'S'; bucket names use lowercase letters, digits, '-', '_' and '.'"},
      {"-abc", "must start and end with a lowercase letter or a digit"},
      {"ab", "must be 3 to 63 characters long (222 with dots)"},
      {std::string(64, 'a'), "must be 3 to 63 characters long (222 with dots)"},
      {"a..b", "has a dot-separated part that is empty or over 63"},
      {"192.168.1.1", "must not be an IP address"},
      {"my-google-bucket", "must not start with 'goog' or contain 'google'"},
  };
  for (const auto& [bucket, problem] : cases) {
    env_["BUCKET"] = bucket;
    EXPECT_EQ(load_error(), "env BUCKET: invalid storage.bucket '" + bucket + "': " + problem);
  }
  env_["BUCKET"] = "sleq-ml-engine.example.com";
  EXPECT_EQ(load().str("storage.bucket"), "sleq-ml-engine.example.com");
}

TEST_F(ConfigTest, JobDirMustBeAGsUri) {
  env_["OUTPUT_PATH"] = "/tmp/out";
  EXPECT_EQ(load_error(),
            "env OUTPUT_PATH: invalid train.job_dir '/tmp/out': must be a gs://BUCKET[/path] URI");
  env_["OUTPUT_PATH"] = "gs:///models";
  EXPECT_EQ(load_error(),
            "env OUTPUT_PATH: invalid train.job_dir 'gs:///models': must name a bucket: "
            "gs://BUCKET[/path]");
}

TEST_F(ConfigTest, BadBucketInsideAUri) {
  write("magritte.toml", "[train]\nstaging_bucket = \"gs://Staging\"\n");
  EXPECT_EQ(load_error(),
            "magritte.toml:2: invalid train.staging_bucket 'gs://Staging': has a bad bucket "
            "name: contains 'S'; bucket names use lowercase letters, digits, '-', '_' and '.'");
}

TEST_F(ConfigTest, RegionFormat) {
  set("project.region", "europe_west1", "--region");
  EXPECT_EQ(load_error(),
            "--region: invalid project.region 'europe_west1': must be a region like "
            "us-central1 or europe-west1");
}

TEST_F(ConfigTest, TrainRegionFollowsAndIsChecked) {
  write("magritte.toml", "[train]\nregion = \"${project.id}\"\n");
  env_["PROJECT_ID"] = "aerobic-coast-161423";
  EXPECT_EQ(load_error(),
            "magritte.toml:2: invalid train.region 'aerobic-coast-161423' (from "
            "'${project.id}'): must be a region like us-central1 or europe-west1");
}

TEST_F(ConfigTest, ProjectIdNotDisplayName) {
  env_["PROJECT_ID"] = "My Project";
  EXPECT_EQ(load_error(),
            "env PROJECT_ID: invalid project.id 'My Project': must be a project ID: 6 to 30 "
            "lowercase letters, digits or hyphens, starting with a letter (the ID, not the "
            "display name)");
  env_["PROJECT_ID"] = "example.com:my-project";
  EXPECT_EQ(load().str("project.id"), "example.com:my-project");
}

TEST_F(ConfigTest, ScaleTierUsesGcloudSpellingAndSuggestsIt) {
  write("magritte.toml", "[train]\nscale_tier = \"BASIC_GPU\"\n");
  EXPECT_EQ(load_error(),
            "magritte.toml:2: invalid train.scale_tier 'BASIC_GPU': accepted: basic, "
            "basic-gpu, basic-tpu, custom, premium-1, standard-1; did you mean 'basic-gpu'?");
}

TEST_F(ConfigTest, AcceleratorTypeFromTheSdk) {
  write("magritte.toml",
        "[train]\nmaster_accelerator_type = \"nvidia-tesla-t5\"\nmaster_accelerator_count = 1\n");
  EXPECT_EQ(load_error(),
            "magritte.toml:2: invalid train.master_accelerator_type 'nvidia-tesla-t5': "
            "accepted: nvidia-tesla-a100, nvidia-tesla-k80, nvidia-tesla-p100, "
            "nvidia-tesla-p4, nvidia-tesla-t4, nvidia-tesla-v100, tpu-v2, tpu-v2-pod, tpu-v3, "
            "tpu-v3-pod, tpu-v4-pod; did you mean 'nvidia-tesla-t4'?");
}

TEST_F(ConfigTest, EnumWithoutACloseMatch) {
  set("deploy.framework", "pytorch");
  EXPECT_EQ(load_error(),
            "--set: invalid deploy.framework 'pytorch': accepted: tensorflow, scikit-learn, "
            "xgboost");
}

TEST_F(ConfigTest, CustomScaleTierRequiresAMasterMachineType) {
  write("magritte.toml", "[train]\nscale_tier = \"custom\"\n");
  EXPECT_EQ(load_error(),
            "magritte.toml:2: train.scale_tier = \"custom\" requires train.master_machine_type: "
            "set [train] master_machine_type in magritte.toml, "
            "MAGRITTE_TRAIN_MASTER_MACHINE_TYPE or --set train.master_machine_type=VALUE");
  write("magritte.toml",
        "[train]\nscale_tier = \"custom\"\nmaster_machine_type = \"n1-highcpu-16\"\n");
  EXPECT_EQ(load().str("train.master_machine_type"), "n1-highcpu-16");
}

TEST_F(ConfigTest, AcceleratorTypeAndCountGoTogether) {
  set("train.worker_accelerator_count", "2");
  set("train.worker_machine_type", "n1-standard-4");
  set("train.worker_count", "3");
  EXPECT_EQ(load_error(),
            "--set: train.worker_accelerator_count requires train.worker_accelerator_type: set "
            "[train] worker_accelerator_type in magritte.toml, "
            "MAGRITTE_TRAIN_WORKER_ACCELERATOR_TYPE or --set "
            "train.worker_accelerator_type=VALUE");
}

TEST_F(ConfigTest, IntegerRanges) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"train.worker_count=-1",
       "invalid train.worker_count -1: accepted: an integer from 0 to 1000000"},
      {"train.master_accelerator_count=0",
       "invalid train.master_accelerator_count 0: accepted: an integer from 1 to 1000000"},
      {"predict.jpeg_quality=101",
       "invalid predict.jpeg_quality 101: accepted: an integer from 1 to 100"},
      {"predict.top=0", "invalid predict.top 0: accepted: an integer from 1 to 1000000"},
      {"predict.max_instances=101",
       "invalid predict.max_instances 101: accepted: an integer from 1 to 100"},
      {"emulator.port=70000", "invalid emulator.port 70000: accepted: an integer from 1 to 65535"},
      {"predict.max_pixels=0", "invalid predict.max_pixels 0: accepted: an integer >= 1"},
  };
  for (const auto& [flag, message] : cases) {
    flags_ = {parse_set_flag(flag)};
    EXPECT_EQ(load_error(), "--set: " + message);
  }
}

TEST_F(ConfigTest, ImageSizeFormat) {
  env_["MAGRITTE_PREDICT_IMAGE_SIZE"] = "299";
  EXPECT_EQ(load_error(),
            "env MAGRITTE_PREDICT_IMAGE_SIZE: invalid predict.image_size '299': must be "
            "WIDTHxHEIGHT in pixels, like 299x299 (1 to 8192 each)");
  env_["MAGRITTE_PREDICT_IMAGE_SIZE"] = "224x224";
  EXPECT_EQ(load().str("predict.image_size"), "224x224");
}

TEST_F(ConfigTest, WaitTimeoutIsADuration) {
  env_["MAGRITTE_WAIT_TIMEOUT"] = "30 minutes";
  EXPECT_EQ(load_error(),
            "env MAGRITTE_WAIT_TIMEOUT: invalid wait.timeout '30 minutes': must be a duration "
            "such as 90s, 15m, 2h or 1h30m (a bare number means seconds)");
  env_["MAGRITTE_WAIT_TIMEOUT"] = "1h30m";
  EXPECT_EQ(load().str("wait.timeout"), "1h30m");
  EXPECT_EQ(load().integer("wait.poll_interval"), 10);
}

TEST_F(ConfigTest, WaitPollIntervalAndHistoryRanges) {
  flags_ = {parse_set_flag("wait.poll_interval=0")};
  EXPECT_EQ(load_error(),
            "--set: invalid wait.poll_interval 0: accepted: an integer from 1 to 3600");
  flags_ = {parse_set_flag("promote.history_size=21")};
  EXPECT_EQ(load_error(),
            "--set: invalid promote.history_size 21: accepted: an integer from 1 to 20");
  flags_ = {parse_set_flag("prune.keep=0")};
  EXPECT_EQ(load_error(), "--set: invalid prune.keep 0: accepted: an integer from 1 to 1000000");
}

TEST_F(ConfigTest, PackagesElementsAreChecked) {
  write("magritte.toml", "[train]\npackages = [\"dist/a.tar.gz\", \"gs://Bad/b.tar.gz\"]\n");
  EXPECT_EQ(load_error(),
            "magritte.toml:2: invalid train.packages element 2 'gs://Bad/b.tar.gz': has a bad "
            "bucket name: contains 'B'; bucket names use lowercase letters, digits, '-', '_' "
            "and '.'");
}

TEST_F(ConfigTest, LabelKeysAndValues) {
  write("magritte.toml", "[deploy]\nlabels = { Team = \"vision\" }\n");
  EXPECT_EQ(load_error(),
            "magritte.toml:2: invalid deploy.labels key 'Team': must start with a lowercase "
            "letter");
  write("magritte.toml",
        "[model]\nversion = \"V2\"\n[deploy]\nlabels = { v = \"${model.version}\" }\n");
  EXPECT_EQ(load_error(),
            "magritte.toml:4: invalid deploy.labels value 'V2' (from '${model.version}') for "
            "'v': contains 'V'; labels use lowercase letters, digits, '-' and '_'");
}

TEST_F(ConfigTest, ValidNamesPass) {
  env_ = {{"MODEL_NAME", "magritte"},
          {"VERSION", "v2_final"},
          {"BUCKET", "sleq-ml-engine"},
          {"PROJECT_ID", "aerobic-coast-161423"}};
  write("magritte.toml", "[train]\nscale_tier = \"basic-gpu\"\n");
  const auto settings = load();
  EXPECT_EQ(settings.str("train.job_name"), "magritte_v2_final");
  EXPECT_EQ(settings.str("train.scale_tier"), "basic-gpu");
}

}  // namespace
}  // namespace magritte::config::testing
