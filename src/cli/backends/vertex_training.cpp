// VertexBackend::submit_job: package the trainer, stage it in the bucket with the
// configured storage engine, and create the custom job. Display names are not unique on
// Vertex AI, so magritte checks first that no job has this name (as ml v1's unique ids
// guaranteed): running `magritte train` twice never trains twice.
#include <fstream>
#include <iostream>

#include "cli/backends/trainer_sdist.hpp"
#include "cli/backends/vertex_backend.hpp"
#include "cli/cloud_call.hpp"
#include "cli/training.hpp"
#include "magritte/error.hpp"
#include "plan/storage.hpp"
#include "plan/vertex_images.hpp"
#include "plan/vertex_pools.hpp"

namespace magritte::cli {
namespace fs = std::filesystem;
namespace {

// Where magritte keeps what it builds for a job: ./.magritte/vertex/JOB/.
fs::path work_dir_for(const std::string& name) { return fs::path(".magritte") / "vertex" / name; }

// gs://BUCKET/magritte-staging/JOB/: train.staging_bucket, else storage.bucket.
std::string staging_uri(const config::Settings& settings, const std::string& name) {
  auto base = settings.opt_str("train.staging_bucket").value_or("gs://" + settings.str("storage.bucket"));
  while (base.ends_with("/")) base.pop_back();
  return base + "/magritte-staging/" + name + "/";
}

// The CustomJobSpec gcloud merges with its flags: only the base output directory, which no
// flag sets (the trainer sees it as AIP_MODEL_DIR=<dir>/model/, AIP_CHECKPOINT_DIR, ...).
// JSON is YAML, and needs no quoting rules of its own.
void write_text(const fs::path& path, const std::string& text) {
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) {
    throw usage_error("cannot write '" + path.string() + "'",
                      "magritte keeps what it builds for a job under .magritte/ in the current directory");
  }
}

struct Staging {
  std::vector<std::string> local_files;    // to upload
  std::vector<std::string> package_uris;   // what the job installs, in order
};

// The trainer (train.package_path) first, then train.packages: gs:// ones as they are,
// local ones uploaded next to the trainer.
Staging staging_plan(const config::Settings& settings, const std::string& name, const fs::path& sdist) {
  Staging staging;
  const auto destination = staging_uri(settings, name);
  if (settings.has("train.package_path")) {
    staging.local_files.push_back(sdist.string());
    staging.package_uris.push_back(destination + sdist.filename().string());
  }
  for (const auto& package : settings.list("train.packages")) {
    if (package.starts_with("gs://")) {
      staging.package_uris.push_back(package);
    } else {
      staging.local_files.push_back(package);
      staging.package_uris.push_back(destination + fs::path(package).filename().string());
    }
  }
  return staging;
}

// gcloud's create output, as `jobs submit training` prints its job in text mode.
void print_job_summary(const release::JobStatus& job) {
  std::cout << "customJobId: " << job.id << "\ndisplayName: " << job.name << "\nstate: JOB_STATE_" << job.state << "\n"
            << std::flush;
}

}  // namespace

release::JobStatus VertexBackend::submit_job(const std::string& name, const std::vector<std::string>& extra_args,
                                             bool known_new) {
  const auto& settings = context_.settings();
  auto& runner = context_.runner();
  const auto work_dir = work_dir_for(name);
  const bool has_package = settings.has("train.package_path");
  const auto sdist = has_package ? work_dir / sdist_file_name(settings.str("train.package_path")) : fs::path();
  const auto spec_file = work_dir / "job-spec.yaml";

  // The machines and images, and what had to be mapped to get them.
  auto pools = plan::worker_pools(settings);
  const bool gpu = pools.pools.front().accelerator && pools.pools.front().accelerator->starts_with("NVIDIA");
  const auto image = plan::training_image(settings, gpu);
  for (const auto& note : pools.notes) context_.warn(note);
  for (const auto& note : image.notes) context_.warn(note);

  const bool unique_name = known_new || settings.str("train.job_suffix") == "timestamp";
  if (!unique_name) {
    if (runner.dry_run()) runner.note("unless a job named " + name + " exists already:");
    if (const auto existing = find_jobs(name, false); !existing.empty()) {
      refuse_existing_job(existing.front(), name, "magritte keeps job names unique, so it is not submitted again");
    }
  }

  const auto staging = staging_plan(settings, name, sdist);
  const plan::CustomJobRequest request{name, staging.package_uris, spec_file.string(), pools, image.uri, extra_args};
  const auto spec = commands_.custom_job_spec(request);
  if (runner.dry_run()) {
    if (has_package) {
      runner.note("magritte packages " + settings.str("train.package_path") + " as " + sdist.string() +
                  " (a source distribution; setup.py generated when the project has none)");
    }
    runner.note("magritte writes " + spec_file.string() + ": " + nlohmann::json::parse(spec).dump());
  } else {
    if (has_package) build_trainer_sdist(settings.str("train.package_path"), work_dir);
    write_text(spec_file, spec);
  }
  if (!staging.local_files.empty()) {
    run_checked(runner, plan::copy_to_bucket(settings, staging.local_files, staging_uri(settings, name)), Capture::both);
  }

  const auto command = commands_.create_custom_job(request);
  const auto submitted_at = std::chrono::system_clock::now();
  const auto result = run_submission(context_, command, name);
  release::JobStatus job;
  job.name = name;
  job.id = "<id of " + name + ">";
  if (runner.dry_run()) return job;
  if (!result.ok()) {
    auto trainer_args = settings.list("train.args");
    trainer_args.insert(trainer_args.end(), extra_args.begin(), extra_args.end());
    return resolve_failed_submission(context_, *this, name, trainer_args, command, result, submitted_at);
  }
  pass_on_warnings(result);
  job = release::parse_custom_job(parse_json_output(command, result));
  if (!context_.json_output()) print_job_summary(job);
  return job;
}

}  // namespace magritte::cli
