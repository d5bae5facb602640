#pragma once

namespace magritte::cli {

// Parses argv, runs the chosen subcommand, maps every failure to its documented exit code.
int run(int argc, char** argv);

}  // namespace magritte::cli
