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
void register_config_migrate(CLI::App& config_command, Context& context);  // under `config`
void register_emulator(CLI::App& app, Context& context);
void register_doctor(CLI::App& app, Context& context);
// The release loop.
void register_status(CLI::App& app, Context& context);
void register_logs(CLI::App& app, Context& context);
void register_cancel(CLI::App& app, Context& context);
void register_versions(CLI::App& app, Context& context);
void register_rollback(CLI::App& app, Context& context);
void register_prune(CLI::App& app, Context& context);
void register_run(CLI::App& app, Context& context);
void register_completion(CLI::App& app, Context& context);  // these two last: they describe the others
void register_man(CLI::App& app, Context& context);         // hidden: the man page the build installs

}  // namespace magritte::cli
