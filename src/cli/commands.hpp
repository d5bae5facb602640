// One register_<command> per subcommand file; app.cpp wires them all.
#pragma once

namespace CLI {
class App;
}

namespace magritte::cli {

class Context;

void register_sync(CLI::App& app, Context& context);
void register_train(CLI::App& app, Context& context);
void register_deploy(CLI::App& app, Context& context);
void register_promote(CLI::App& app, Context& context);
void register_predict(CLI::App& app, Context& context);
void register_config(CLI::App& app, Context& context);
void register_emulator(CLI::App& app, Context& context);

}  // namespace magritte::cli
