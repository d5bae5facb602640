// Running the data sync (`magritte sync`, the sync step of `magritte run`) so that a bucket
// that is missing or unreadable is named, with what to do, instead of "rsync failed".
#pragma once

#include "cli/context.hpp"
#include "magritte/command.hpp"
#include "magritte/runner.hpp"

namespace magritte::cli {

struct BucketSyncOptions {
  // `sync --create-bucket`: a missing bucket is created (plan::create_bucket) and the sync
  // runs again. Asked only after the sync failed, so that a bucket that exists costs no
  // extra gcloud process.
  bool create_bucket = false;
};

// Runs `sync` (plan::sync_data). Throws Error(refused) naming the bucket when it does not
// exist (with the command that creates it) or when gcloud's account may not read it (with
// the account, or that credentials are disabled); other failures as run_checked does.
RunResult sync_into_bucket(Context& context, const Command& sync, Capture capture,
                           const BucketSyncOptions& options = {});

}  // namespace magritte::cli
