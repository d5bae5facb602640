// Options shared by several subcommands.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace magritte::cli {

// `--version V` on a subcommand is the model version (model.version), as in gcloud;
// `magritte --version` alone prints magritte's own version.
inline void add_model_version_option(CLI::App& command, Context& context) {
  command.add_option("--version", context.options.version, "Model version (model.version)");
}

}  // namespace magritte::cli
