// What a failed `gsutil -m rsync` / `gcloud storage rsync` (or `buckets create`) said about
// its bucket, read from its stderr: the sync can then name the problem and its fix.
#pragma once

#include <string>
#include <string_view>

namespace magritte::release {

enum class BucketFailure {
  other,      // anything else: the tool's own message stands
  missing,    // the bucket does not exist (404)
  forbidden,  // the bucket refused the caller (403)
};

// `bucket` is the bare name ("magritte-demo"), as both tools print gs://NAME.
BucketFailure bucket_failure(std::string_view stderr_text, std::string_view bucket);

// The tool's line saying the bucket refused the listing ("AccessDeniedException: 403 ...",
// "ERROR: (gcloud.storage.rsync) PERMISSION_DENIED: ..."); "" when there is none.
std::string bucket_refusal(std::string_view stderr_text, std::string_view bucket);

// True when `gcloud storage buckets create` failed only because the bucket exists (409).
bool bucket_already_exists(std::string_view stderr_text);

}  // namespace magritte::release
