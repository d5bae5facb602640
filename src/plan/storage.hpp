// Commands that move the training data: `gsutil -m rsync` (the seed's) or, with
// storage.engine = "gcloud-storage", `gcloud storage rsync` (gsutil is leaving the SDK).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "magritte/command.hpp"
#include "magritte/config.hpp"

namespace magritte::plan {

struct SyncRequest {
  std::string local_dir;                 // source directory, passed as given
  bool delete_extra = false;             // --delete: remove remote objects missing locally
  std::optional<std::string> exclude;    // --exclude REGEX (Python regex, like gsutil's -x)
};

// gs://BUCKET/DATA_PATH, concatenated as the seed does (DATA_PATH keeps its trailing slash).
std::string data_uri(const config::Settings& settings);
// gs://BUCKET
std::string bucket_uri(const config::Settings& settings);

Command sync_data(const config::Settings& settings, const SyncRequest& request);

// `gcloud storage buckets create gs://BUCKET --location REGION --uniform-bucket-level-access`:
// the bucket in project.region (where training reads it), permissions by IAM only. Whatever
// storage.engine says: gsutil is leaving the SDK, and `gsutil mb` has no idempotent answer.
// The project: project.id when gcloud.pass_project is on (doctor's fix names the same one).
Command create_bucket(const config::Settings& settings);
Command create_bucket(const std::string& bucket, const std::string& region, const std::optional<std::string>& project);

// An IAM member for a gcloud account: "serviceAccount:A" for *.gserviceaccount.com, else "user:A".
std::string iam_member(const std::string& account);

// `gcloud storage buckets add-iam-policy-binding gs://B --member M --role roles/storage.objectAdmin`:
// what the bucket's owner types so that `account` may sync to it (sync's 403, doctor's fix).
Command grant_bucket_access(const std::string& bucket_uri, const std::string& account);

// Copies local files into gs://... (a "directory" URI ending in '/', or one object's URI for
// a single file) with the configured storage engine.
Command copy_to_bucket(const config::Settings& settings, const std::vector<std::string>& local_files,
                       const std::string& destination);

}  // namespace magritte::plan
