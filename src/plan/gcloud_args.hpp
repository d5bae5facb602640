// Small pieces of gcloud argv shared by every command builder.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "magritte/command.hpp"
#include "magritte/config.hpp"

namespace magritte::plan {

// "k1=v1,k2=v2": gcloud's --labels syntax (keys sorted, as TOML tables are).
std::string join_labels(const config::StringMap& labels);
std::string join_commas(const std::vector<std::string>& items);

// FLAG VALUE, or FLAG=VALUE when the value starts with '-' (a path such as
// "-configs/job.yaml"): gcloud's argparse would take a separate "-configs/..." for a flag.
void add_flag(Command& command, const std::string& flag, const std::optional<std::string>& value);

// --project P when gcloud.pass_project is on and project.id is set.
void add_project(Command& command, const config::Settings& settings);

// `gcloud logging read FILTER --order=asc --format=json`: a job's log entries, oldest first,
// read once (both services' trainers log to Cloud Logging as resource type ml_job).
Command logging_read(const config::Settings& settings, const std::string& filter);

}  // namespace magritte::plan
