#include "plan/storage.hpp"

#include "plan/gcloud_args.hpp"

namespace magritte::plan {
namespace {

// gsutil (getopt) and gcloud (argparse) take an argument that starts with '-' for an option:
// `gsutil rsync -r -data gs://b/` fails, or worse, means something else. "./-data" is the
// same directory and can never be read as a flag.
std::string local_path_argument(const std::string& path) {
  return path.starts_with("-") ? "./" + path : path;
}

}  // namespace

std::string data_uri(const config::Settings& settings) {
  return "gs://" + settings.str("storage.bucket") + "/" + settings.str("storage.data_path");
}

std::string bucket_uri(const config::Settings& settings) { return "gs://" + settings.str("storage.bucket"); }

Command create_bucket(const std::string& bucket, const std::string& region, const std::optional<std::string>& project) {
  Command command;
  command.program = "gcloud";
  command.args = {"storage", "buckets", "create", "gs://" + bucket};
  add_flag(command, "--location", region);
  command.args.push_back("--uniform-bucket-level-access");
  add_flag(command, "--project", project);
  return command;
}

std::string iam_member(const std::string& account) {
  return (account.ends_with(".gserviceaccount.com") ? "serviceAccount:" : "user:") + account;
}

Command grant_bucket_access(const std::string& bucket_uri, const std::string& account) {
  Command command;
  command.program = "gcloud";
  command.args = {"storage", "buckets", "add-iam-policy-binding", bucket_uri,
                  "--member",  iam_member(account), "--role", "roles/storage.objectAdmin"};
  return command;
}

Command create_bucket(const config::Settings& settings) {
  const bool pass_project = settings.boolean("gcloud.pass_project");
  return create_bucket(settings.str("storage.bucket"), settings.str("project.region"),
                       pass_project ? settings.opt_str("project.id") : std::nullopt);
}

Command sync_data(const config::Settings& settings, const SyncRequest& request) {
  const auto destination = data_uri(settings);
  if (settings.str("storage.engine") == "gcloud-storage") {
    // -J of gsutil is --gzip-in-flight-all here: gzip on the wire, stored uncompressed.
    Command command;
    command.program = "gcloud";
    command.args = {"storage", "rsync", "--recursive", "--gzip-in-flight-all"};
    if (request.delete_extra) command.args.push_back("--delete-unmatched-destination-objects");
    // "--exclude=-x": argparse would take a separate "-x" for a flag (gsutil's getopt does not).
    if (request.exclude) {
      if (request.exclude->starts_with("-")) {
        command.args.push_back("--exclude=" + *request.exclude);
      } else {
        command.args.insert(command.args.end(), {"--exclude", *request.exclude});
      }
    }
    command.args.insert(command.args.end(), {local_path_argument(request.local_dir), destination});
    return command;
  }
  Command command;
  command.program = "gsutil";
  command.args = {"-m", "rsync", "-r", "-J"};
  if (request.delete_extra) command.args.push_back("-d");
  if (request.exclude) command.args.insert(command.args.end(), {"-x", *request.exclude});
  command.args.insert(command.args.end(), {local_path_argument(request.local_dir), destination});
  return command;
}

Command copy_to_bucket(const config::Settings& settings, const std::vector<std::string>& local_files,
                       const std::string& destination) {
  Command command;
  if (settings.str("storage.engine") == "gcloud-storage") {
    command.program = "gcloud";
    command.args = {"storage", "cp"};
  } else {
    command.program = "gsutil";
    command.args = {"-q", "cp"};
  }
  for (const auto& file : local_files) command.args.push_back(local_path_argument(file));
  command.args.push_back(destination);
  return command;
}

}  // namespace magritte::plan
