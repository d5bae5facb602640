#include "release/bucket_failure.hpp"

#include <string>

namespace magritte::release {
namespace {

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// The first line of the text that `found` accepts; "" when none does.
template <typename Predicate>
std::string_view first_line(std::string_view text, Predicate found) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if (found(line)) return line;
    start = end + 1;
  }
  return {};
}

// gsutil reads the destination before it copies: a refusal there is the bucket refusing the
// caller. A refused upload ("AccessDeniedException: 403" alone) is left to gsutil's message.
bool gsutil_refused_listing(std::string_view line, std::string_view bucket) {
  return contains(line, "while listing gs://" + std::string(bucket) + "/") &&
         (contains(line, "AccessDeniedException: 403") || contains(line, "AccessDeniedException: 401"));
}

// gcloud storage reports the listing's refusal as the command's error; per-file refusals come
// as "ERROR: [account] does not have permission ..." lines without the command's name.
bool gcloud_refused_listing(std::string_view line, std::string_view bucket) {
  if (!line.starts_with("ERROR: (gcloud.storage.rsync) ")) return false;
  return contains(line, "PERMISSION_DENIED:") || contains(line, "UNAUTHENTICATED:") ||
         contains(line, "HTTPError 403") || contains(line, "HTTPError 401") ||
         contains(line, "does not have permission to access b instance [" + std::string(bucket) + "]");
}

}  // namespace

// What each tool prints (SDK 528; captured against the emulator, the HTTPError forms are
// gcloud's for an answer without a status name, as Cloud Storage's):
//   gsutil rsync:         "... while listing gs://B/P/: BucketNotFoundException: 404 gs://B bucket does not exist."
//                         "... while listing gs://B/P/: AccessDeniedException: 403 <message>"
//   gcloud storage rsync: "ERROR: (gcloud.storage.rsync) gs://B not found: 404."
//                         "ERROR: (gcloud.storage.rsync) PERMISSION_DENIED: <message>"
BucketFailure bucket_failure(std::string_view stderr_text, std::string_view bucket) {
  const std::string name(bucket);
  const std::string gsutil_missing = "BucketNotFoundException: 404 gs://" + name + " bucket does not exist";
  // An object's 404 has a path after the bucket ("gs://B/o not found"): not this.
  const std::string gcloud_missing = "gs://" + name + " not found: 404";
  if (contains(stderr_text, gsutil_missing) || contains(stderr_text, gcloud_missing)) return BucketFailure::missing;
  return bucket_refusal(stderr_text, bucket).empty() ? BucketFailure::other : BucketFailure::forbidden;
}

std::string bucket_refusal(std::string_view stderr_text, std::string_view bucket) {
  std::string_view line = first_line(stderr_text, [&](std::string_view candidate) {
    return gsutil_refused_listing(candidate, bucket) || gcloud_refused_listing(candidate, bucket);
  });
  // gsutil: "Caught non-retryable exception while listing gs://B/P/: AccessDeniedException: ..."
  if (const auto tool_error = line.find("AccessDeniedException"); tool_error != std::string_view::npos) {
    line.remove_prefix(tool_error);
  }
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  return std::string(line);
}

// "ERROR: (gcloud.storage.buckets.create) HTTPError 409: ..." from Cloud Storage, or
// "... ALREADY_EXISTS: ..." when the service names the status (the emulator does).
bool bucket_already_exists(std::string_view stderr_text) {
  return contains(stderr_text, "HTTPError 409") || contains(stderr_text, "ALREADY_EXISTS:");
}

}  // namespace magritte::release
