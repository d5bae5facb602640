#pragma once

namespace magritte::cli {

class Context;

// Parses argv, runs the chosen subcommand, maps every failure to its documented exit code.
int run(int argc, const char* const* argv);
// The same with a given context (tests inject a FakeRunner and an environment).
int run(int argc, const char* const* argv, Context& context);

}  // namespace magritte::cli
