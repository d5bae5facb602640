// magritte sync [LOCAL_DIR]: upload the training images to gs://BUCKET/DATA_PATH.
#include <filesystem>

#include <CLI/CLI.hpp>

#include "cli/bucket_sync.hpp"
#include "cli/cloud_call.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "magritte/error.hpp"
#include "plan/storage.hpp"

namespace magritte::cli {
namespace {

struct SyncOptions {
  std::optional<std::string> local_dir;
  bool delete_extra = false;
  std::optional<std::string> exclude;
  bool create_bucket = false;
};

void check_local_dir(Context& context, const std::string& dir, const std::string& source) {
  std::error_code error;
  if (std::filesystem::is_directory(dir, error)) return;
  const auto message = "local data directory '" + dir + "' (" + source + ") does not exist or is "
                       "not a directory";
  if (context.runner().dry_run()) {
    context.warn(message);
    return;
  }
  throw usage_error(message, "pass the directory as 'magritte sync DIR' or set storage.local_data");
}

// A failed or interrupted sync loses nothing: each object appears whole or not at all, and
// rsync only copies what differs. The error says so, so that nobody starts over by hand.
RunResult run_resumable(Context& context, const Command& command, Capture capture, const BucketSyncOptions& options) {
  try {
    return sync_into_bucket(context, command, capture, options);
  } catch (const Error& error) {
    const bool interrupted = error.code() == ExitCode::interrupted || error.code() == ExitCode::terminated;
    if (!interrupted && error.code() != ExitCode::cloud_failed) throw;
    throw Error(error.code(), error.what(),
                std::string(interrupted ? "nothing is half-uploaded" : "nothing is lost") +
                    ": objects are stored whole or not at all, and 'magritte sync' run again uploads only "
                    "what is still missing or different");
  }
}

void run_sync(Context& context, const SyncOptions& options) {
  const auto& settings = context.settings();
  plan::SyncRequest request;
  request.local_dir = options.local_dir.value_or(settings.str("storage.local_data"));
  request.delete_extra = options.delete_extra;
  request.exclude = options.exclude;
  check_local_dir(context, request.local_dir,
                  options.local_dir ? "argument" : "storage.local_data, " +
                                                       settings.find("storage.local_data")->origin.describe());

  const auto command = plan::sync_data(settings, request);
  // stdout stays clean for --format json: the tool's own stdout is captured and echoed
  // to stderr as the progress it is.
  const auto capture = context.json_output() ? Capture::stdout_only : Capture::none;
  const auto result = run_resumable(context, command, capture, {options.create_bucket});
  if (capture == Capture::stdout_only && !result.out.empty()) context.info(result.out);

  nlohmann::json json = {{"command", "sync"},
                         {"source", request.local_dir},
                         {"destination", plan::data_uri(settings)},
                         {"engine", settings.str("storage.engine")}};
  context.emit(json, "");
  if (!context.runner().dry_run()) {
    context.info("magritte: synced " + request.local_dir + " to " + plan::data_uri(settings));
  }
}

}  // namespace

void register_sync(CLI::App& app, Context& context) {
  auto options = std::make_shared<SyncOptions>();
  auto* command = app.add_subcommand(
      "sync", "Upload the training data to gs://BUCKET/DATA_PATH (gsutil -m rsync -r -J)");
  command->add_option("LOCAL_DIR", options->local_dir,
                      "Local data directory (default: storage.local_data)");
  command->add_flag("--delete", options->delete_extra,
                    "Delete remote objects that are not in LOCAL_DIR (gsutil rsync -d)");
  command->add_option("--exclude", options->exclude,
                      "Skip files matching this Python regex (gsutil rsync -x)");
  command->add_flag("--create-bucket", options->create_bucket,
                    "Create gs://BUCKET (in project.region, uniform bucket-level access) when the sync finds it missing");
  command->callback([&context, options] { run_sync(context, *options); });
}

}  // namespace magritte::cli
