#include "config/schema.hpp"

#include <stdexcept>

#include "config/formats.hpp"

namespace magritte::config {
namespace {

using T = ValueType;
namespace f = formats;

// gcloud's spellings, from the Cloud SDK source: scale tiers from command_lib/ml_engine/
// jobs_util.py (_SCALE_TIER_CHOICES), accelerators from ml v1 AcceleratorConfig
// TypeValueValuesEnum (lowercased, '_' → '-', as arg_utils.EnumNameToChoice does),
// frameworks from command_lib/ml_engine/flags.py (_FRAMEWORK_CHOICES).
const std::vector<std::string_view> kScaleTiers = {"basic",  "basic-gpu", "basic-tpu",
                                                   "custom", "premium-1", "standard-1"};
const std::vector<std::string_view> kAccelerators = {"nvidia-tesla-a100",
                                                     "nvidia-tesla-k80",
                                                     "nvidia-tesla-p100",
                                                     "nvidia-tesla-p4",
                                                     "nvidia-tesla-t4",
                                                     "nvidia-tesla-v100",
                                                     "tpu-v2",
                                                     "tpu-v2-pod",
                                                     "tpu-v3",
                                                     "tpu-v3-pod",
                                                     "tpu-v4-pod"};
const std::vector<std::string_view> kFrameworks = {"tensorflow", "scikit-learn", "xgboost"};

constexpr std::int64_t kMaxCount = 1000000;

std::vector<KeySpec> build_specs() {
  // clang-format off
  return {
      // [project]
      {.key = "project.id", .type = T::string, .help = "Google Cloud project ID",
       .format = &f::project_id, .flag = "--project"},
      {.key = "project.region", .type = T::string, .default_text = "us-central1",
       .help = "Region of the model and jobs", .format = &f::region,
       .flag = "--region"},
      // [storage]
      {.key = "storage.bucket", .type = T::string, .help = "Bucket name (without gs://)",
       .format = &f::bucket_name},
      {.key = "storage.data_path", .type = T::string, .default_text = "data/fruits/",
       .help = "Path of the training data inside the bucket"},
      {.key = "storage.local_data", .type = T::string, .default_text = "data/fruits",
       .help = "Local directory that `magritte sync` uploads"},
      // gsutil is leaving the Cloud SDK: only the seed's config (configs/) still asks for it.
      {.key = "storage.engine", .type = T::string, .default_text = "gcloud-storage",
       .help = "Tool used by `magritte sync`", .choices = {"gsutil", "gcloud-storage"}},
      // [model]
      {.key = "model.name", .type = T::string, .help = "AI Platform model name",
       .format = &f::model_name, .flag = "--model"},
      {.key = "model.version", .type = T::string, .help = "Model version name",
       .format = &f::model_name, .flag = "--version"},
      // [train]
      {.key = "train.job_name", .type = T::string, .default_text = "${model.name}_${model.version}",
       .help = "Training job id", .format = &f::job_name},
      {.key = "train.job_suffix", .type = T::string, .default_text = "none",
       .help = "Append a timestamp to the job id", .choices = {"none", "timestamp"}},
      {.key = "train.job_dir", .type = T::string,
       .default_text = "gs://${storage.bucket}/models/${train.job_name}",
       .help = "--job-dir: where the trainer writes its output", .format = &f::gs_uri},
      {.key = "train.region", .type = T::string, .default_text = "${project.region}",
       .help = "--region of the training job", .format = &f::region},
      {.key = "train.runtime_version", .type = T::string, .help = "--runtime-version"},
      {.key = "train.python_version", .type = T::string, .help = "--python-version"},
      {.key = "train.module_name", .type = T::string, .help = "--module-name (trainer.task)"},
      {.key = "train.package_path", .type = T::string, .help = "--package-path (trainer/)"},
      {.key = "train.packages", .type = T::string_list, .default_text = "[]",
       .help = "--packages: local paths or gs:// URIs of extra packages",
       .format = &f::path_or_gs_uri},
      {.key = "train.scale_tier", .type = T::string, .help = "--scale-tier",
       .choices = kScaleTiers},
      {.key = "train.config", .type = T::string, .help = "--config: a YAML job config file"},
      {.key = "train.labels", .type = T::string_map, .default_text = "{}",
       .help = "--labels of the job", .format = &f::label_value, .map_keys = &f::label_key},
      {.key = "train.staging_bucket", .type = T::string, .help = "--staging-bucket (gs://)",
       .format = &f::gs_uri},
      {.key = "train.service_account", .type = T::string, .help = "--service-account"},
      {.key = "train.master_machine_type", .type = T::string, .help = "--master-machine-type"},
      {.key = "train.master_accelerator_type", .type = T::string,
       .help = "--master-accelerator type", .choices = kAccelerators},
      {.key = "train.master_accelerator_count", .type = T::integer,
       .help = "--master-accelerator count", .min = 1, .max = kMaxCount},
      {.key = "train.worker_machine_type", .type = T::string, .help = "--worker-machine-type"},
      {.key = "train.worker_count", .type = T::integer, .help = "--worker-count", .min = 0,
       .max = kMaxCount},
      {.key = "train.worker_accelerator_type", .type = T::string,
       .help = "--worker-accelerator type", .choices = kAccelerators},
      {.key = "train.worker_accelerator_count", .type = T::integer,
       .help = "--worker-accelerator count", .min = 1, .max = kMaxCount},
      {.key = "train.parameter_server_machine_type", .type = T::string,
       .help = "--parameter-server-machine-type"},
      {.key = "train.parameter_server_count", .type = T::integer,
       .help = "--parameter-server-count", .min = 0, .max = kMaxCount},
      {.key = "train.parameter_server_accelerator_type", .type = T::string,
       .help = "--parameter-server-accelerator type", .choices = kAccelerators},
      {.key = "train.parameter_server_accelerator_count", .type = T::integer,
       .help = "--parameter-server-accelerator count", .min = 1, .max = kMaxCount},
      {.key = "train.args", .type = T::string_list, .default_text = "[]",
       .help = "Trainer arguments, after gcloud's --"},
      {.key = "train.executor_image", .type = T::string,
       .help = "Vertex: prebuilt training container (default: from runtime_version)"},
      // [deploy]
      {.key = "deploy.origin", .type = T::string, .default_text = "${train.job_dir}/model",
       .help = "--origin: the SavedModel directory", .format = &f::gs_uri},
      {.key = "deploy.runtime_version", .type = T::string,
       .default_text = "${train.runtime_version}", .help = "--runtime-version of the version"},
      {.key = "deploy.framework", .type = T::string, .help = "--framework",
       .choices = kFrameworks},
      {.key = "deploy.python_version", .type = T::string, .help = "--python-version"},
      {.key = "deploy.machine_type", .type = T::string, .help = "--machine-type"},
      {.key = "deploy.description", .type = T::string, .help = "--description",
       .allow_empty = true},
      {.key = "deploy.labels", .type = T::string_map, .default_text = "{}",
       .help = "--labels of the version", .format = &f::label_value, .map_keys = &f::label_key},
      {.key = "deploy.container_image", .type = T::string,
       .help = "Vertex: serving container of the model (default: from runtime_version)"},
      {.key = "deploy.endpoint", .type = T::string, .default_text = "${model.name}",
       .help = "Vertex: display name of the model's endpoint", .format = &f::display_name},
      {.key = "deploy.min_replicas", .type = T::integer, .default_text = "1",
       .help = "Vertex: --min-replica-count of a deployed version", .min = 1, .max = kMaxCount},
      {.key = "deploy.max_replicas", .type = T::integer,
       .help = "Vertex: --max-replica-count (default: min_replicas)", .min = 1, .max = kMaxCount},
      {.key = "deploy.accelerator_type", .type = T::string,
       .help = "Vertex: --accelerator type of a deployed version", .choices = kAccelerators},
      {.key = "deploy.accelerator_count", .type = T::integer,
       .help = "Vertex: --accelerator count", .min = 1, .max = kMaxCount},
      // [predict]
      {.key = "predict.image_size", .type = T::string, .default_text = "299x299",
       .help = "Model input size, WIDTHxHEIGHT", .format = &f::image_size},
      {.key = "predict.fit", .type = T::string, .default_text = "stretch",
       .help = "How images are fitted to image_size", .choices = {"stretch", "center-crop"}},
      {.key = "predict.color_order", .type = T::string, .default_text = "rgb",
       .help = "Channel order the model expects", .choices = {"rgb", "bgr"}},
      {.key = "predict.request_format", .type = T::string, .default_text = "seed",
       .help = "Shape of each instance", .choices = {"seed", "b64", "tensor"}},
      {.key = "predict.input_key", .type = T::string, .default_text = "inputs",
       .help = "Name of the model input"},
      {.key = "predict.tensor_scaling", .type = T::string, .default_text = "inception",
       .help = "Pixel scaling of tensor requests", .choices = {"inception", "unit", "caffe"}},
      {.key = "predict.jpeg_quality", .type = T::integer, .default_text = "90",
       .help = "JPEG quality of re-encoded images", .min = 1, .max = 100},
      {.key = "predict.top", .type = T::integer, .default_text = "5",
       .help = "Classes shown per image", .min = 1, .max = kMaxCount},
      {.key = "predict.labels", .type = T::string, .default_text = "fruits",
       .help = "Class names: fruits, imagenet or a file path"},
      {.key = "predict.max_pixels", .type = T::integer, .default_text = "100000000",
       .help = "Refuse images with more pixels", .min = 1},
      {.key = "predict.max_request_bytes", .type = T::integer, .default_text = "1500000",
       .help = "Split batches above this request size", .min = 1},
      {.key = "predict.max_instances", .type = T::integer, .default_text = "100",
       .help = "Instances per request", .min = 1, .max = 100},
      {.key = "predict.in_flight", .type = T::integer, .default_text = "4",
       .help = "Requests sent concurrently", .min = 1, .max = 1000},
      {.key = "predict.retries", .type = T::integer, .default_text = "4",
       .help = "Retries of a failed request", .min = 0, .max = 100},
      // [promote]
      {.key = "promote.smoke_images", .type = T::string_list, .default_text = "[]",
       .help = "Images predicted before promoting"},
      {.key = "promote.smoke_labels", .type = T::string_list, .default_text = "[]",
       .help = "Expected top-1 class of each smoke image"},
      {.key = "promote.history_size", .type = T::integer, .default_text = "5",
       .help = "Previous defaults kept in the model's labels for rollback", .min = 1, .max = 20},
      {.key = "promote.canary_percent", .type = T::integer, .default_text = "10",
       .help = "Vertex: the candidate's share while the smoke test asks it", .min = 1, .max = 99},
      // [wait]
      {.key = "wait.poll_interval", .type = T::integer, .default_text = "10",
       .help = "Seconds between status checks while waiting", .min = 1, .max = 3600},
      {.key = "wait.timeout", .type = T::string, .default_text = "0",
       .help = "Give up waiting after this long (0: never); the work goes on",
       .format = &f::duration},
      // [prune]
      {.key = "prune.keep", .type = T::integer, .help = "Newest versions `magritte prune` keeps",
       .min = 1, .max = kMaxCount},
      // [gcloud]
      {.key = "gcloud.backend", .type = T::string, .default_text = "vertex",
       .help = "ML service: Vertex AI, or the legacy AI Platform (shut down 2025-01-31)",
       .choices = {"vertex", "ai-platform"}, .flag = "--backend"},
      {.key = "gcloud.command_group", .type = T::string, .default_text = "ai-platform",
       .help = "AI Platform: gcloud command group", .choices = {"ai-platform", "ml-engine"}},
      {.key = "gcloud.pass_project", .type = T::boolean, .default_text = "true",
       .help = "Pass --project ${project.id} to gcloud when project.id is set"},
      // [emulator]
      {.key = "emulator.port", .type = T::integer, .default_text = "8470",
       .help = "Port of the local emulator", .min = 1, .max = 65535},
      {.key = "emulator.data_dir", .type = T::string, .default_text = ".magritte/emulator",
       .help = "Where the emulator keeps its state"},
  };
  // clang-format on
}

}  // namespace

const std::vector<KeySpec>& key_specs() {
  static const std::vector<KeySpec> specs = build_specs();
  return specs;
}

const KeySpec* find_spec(std::string_view key) {
  for (const auto& spec : key_specs()) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

const KeySpec& spec_or_throw(std::string_view key) {
  if (const KeySpec* spec = find_spec(key)) return *spec;
  throw std::logic_error("config key '" + std::string(key) + "' is not in the schema");
}

std::vector<std::string> section_names() {
  std::vector<std::string> sections;
  for (const auto& spec : key_specs()) {
    if (sections.empty() || sections.back() != spec.section()) {
      sections.emplace_back(spec.section());
    }
  }
  return sections;
}

bool is_section(std::string_view section) {
  for (const auto& spec : key_specs()) {
    if (spec.section() == section) return true;
  }
  return false;
}

std::vector<std::string> key_names_in(std::string_view section) {
  std::vector<std::string> names;
  for (const auto& spec : key_specs()) {
    if (spec.section() == section) names.emplace_back(spec.name());
  }
  return names;
}

std::vector<std::string> all_keys() {
  std::vector<std::string> keys;
  for (const auto& spec : key_specs()) keys.emplace_back(spec.key);
  return keys;
}

}  // namespace magritte::config
