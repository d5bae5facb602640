#include "plan/probes.hpp"

namespace magritte::plan {
namespace {

Command make(std::string program, std::vector<std::string> args) {
  Command command;
  command.program = std::move(program);
  command.args = std::move(args);
  return command;
}

}  // namespace

Command gcloud_version() { return make("gcloud", {"version", "--format=json"}); }

Command describe_bucket(const std::string& bucket) {
  return make("gcloud", {"storage", "buckets", "describe", "gs://" + bucket, "--format=json"});
}

Command gsutil_list_bucket(const std::string& bucket) { return make("gsutil", {"ls", "-b", "gs://" + bucket}); }

}  // namespace magritte::plan
