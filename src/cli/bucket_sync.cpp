#include "cli/bucket_sync.hpp"

#include <optional>
#include <string>

#include "cli/cloud_call.hpp"
#include "magritte/error.hpp"
#include "plan/storage.hpp"
#include "predict/connection.hpp"
#include "release/bucket_failure.hpp"

namespace magritte::cli {
namespace {

// Who gcloud is, for a 403: its core/account, or that credentials are disabled. Learned only
// after the refusal, as Context::connection() learns it (gcloud's files, else `gcloud config
// list`); no token is needed here.
struct GcloudIdentity {
  std::string description;             // "account a@b.c", "gcloud, whose credentials are disabled (...),"
  std::optional<std::string> account;  // core/account
};

GcloudIdentity gcloud_identity(Context& context) {
  predict::GcloudProperties properties;
  try {
    properties = predict::learn_gcloud_properties(context.runner(), context.properties_source(), true);
  } catch (const Error& failed) {
    return {"gcloud's account (unknown: " + std::string(failed.what()) + ")", {}};
  }
  if (properties.credentials_disabled) {
    return {"gcloud, whose credentials are disabled (auth/disable_credentials = true, an emulator's setting),", {}};
  }
  if (properties.account) return {"account " + *properties.account, properties.account};
  return {"gcloud, which has no account (core/account is unset),", {}};
}

[[noreturn]] void refuse_missing(Context& context, const Command& sync, const std::string& bucket) {
  throw refused_error(bucket + " does not exist: " + command_title(sync) + " uploaded nothing",
                      "create it with: " + to_shell_line(plan::create_bucket(context.settings())) +
                          "   (or run: magritte sync --create-bucket)");
}

[[noreturn]] void refuse_forbidden(Context& context, const Command& sync, const std::string& bucket,
                                   const std::string& refusal) {
  const GcloudIdentity identity = gcloud_identity(context);
  std::string hint = "switch to an account that may read it (gcloud auth login, gcloud config set account)";
  if (identity.account) {
    hint = "ask for access: " + to_shell_line(plan::grant_bucket_access(bucket, *identity.account)) + "   (or " +
           hint + ")";
  }
  throw refused_error(bucket + " exists but " + identity.description + " may not read it (HTTP 403 listing it; " +
                          command_title(sync) + " uploaded nothing): " + refusal,
                      hint);
}

// `gcloud storage buckets create`; a bucket that exists by now (409) is as good.
void create_bucket(Context& context, const std::string& bucket) {
  const Command create = plan::create_bucket(context.settings());
  const RunResult created = context.runner().run(create, Capture::both);
  if (!created.ok() && !release::bucket_already_exists(created.err)) throw_failure(create, created, Capture::both);
  if (!context.runner().dry_run()) {
    context.info(created.ok() ? "magritte: created " + bucket + " (location " + context.settings().str("project.region") +
                                    ", uniform bucket-level access); syncing again"
                              : "magritte: " + bucket + " exists by now; syncing again");
  }
}

}  // namespace

RunResult sync_into_bucket(Context& context, const Command& sync, Capture capture, const BucketSyncOptions& options) {
  Runner& runner = context.runner();
  const std::string bucket = plan::bucket_uri(context.settings());
  RunResult result = runner.run(sync, capture);
  if (runner.dry_run() && options.create_bucket) {
    runner.note("only if the sync says " + bucket + " does not exist; then the sync runs again:");
    create_bucket(context, bucket);
  }
  if (result.ok()) return result;
  switch (release::bucket_failure(result.err, context.settings().str("storage.bucket"))) {
    case release::BucketFailure::missing:
      if (!options.create_bucket) refuse_missing(context, sync, bucket);
      context.info("magritte: " + bucket + " does not exist; creating it (--create-bucket)");
      create_bucket(context, bucket);
      return run_checked(runner, sync, capture);
    case release::BucketFailure::forbidden:
      refuse_forbidden(context, sync, bucket, release::bucket_refusal(result.err, context.settings().str("storage.bucket")));
    case release::BucketFailure::other:
      break;
  }
  throw_failure(sync, result, capture);
}

}  // namespace magritte::cli
