#include "plan/storage.hpp"

namespace magritte::plan {

std::string data_uri(const config::Settings& settings) {
  return "gs://" + settings.str("storage.bucket") + "/" + settings.str("storage.data_path");
}

Command sync_data(const config::Settings& settings, const SyncRequest& request) {
  const auto destination = data_uri(settings);
  if (settings.str("storage.engine") == "gcloud-storage") {
    // -J of gsutil is --gzip-in-flight-all here: gzip on the wire, stored uncompressed.
    Command command;
    command.program = "gcloud";
    command.args = {"storage", "rsync", "--recursive", "--gzip-in-flight-all"};
    if (request.delete_extra) command.args.push_back("--delete-unmatched-destination-objects");
    if (request.exclude) command.args.insert(command.args.end(), {"--exclude", *request.exclude});
    command.args.insert(command.args.end(), {request.local_dir, destination});
    return command;
  }
  Command command;
  command.program = "gsutil";
  command.args = {"-m", "rsync", "-r", "-J"};
  if (request.delete_extra) command.args.push_back("-d");
  if (request.exclude) command.args.insert(command.args.end(), {"-x", *request.exclude});
  command.args.insert(command.args.end(), {request.local_dir, destination});
  return command;
}

}  // namespace magritte::plan
