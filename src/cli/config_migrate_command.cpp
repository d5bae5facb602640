// magritte config migrate [--write FILE [--force]]: the AI Platform config file rewritten
// for Vertex AI (plan/vertex_migration.*), as TOML on stdout or into FILE; what could not be
// carried over is said on stderr.
#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "magritte/error.hpp"
#include "plan/vertex_migration.hpp"

namespace magritte::cli {
namespace {

namespace fs = std::filesystem;

struct MigrateOptions {
  std::optional<std::string> write;  // --write FILE
  bool force = false;                // --force: FILE may exist
};

[[noreturn]] void throw_write_error(const std::string& what, const fs::path& path) {
  throw usage_error("cannot " + what + " '" + path.string() + "': " + std::strerror(errno));
}

Error exists_error(const fs::path& path) {
  return refused_error("'" + path.string() + "' exists; nothing was written", "--force replaces it");
}

// Temp file next to FILE, then link (refuses an existing FILE, atomically) or, with --force,
// rename over it: FILE is never seen half-written.
void write_migrated(const fs::path& path, const std::string& text, bool force) {
  auto temp = path;
  temp += ".migrate-" + std::to_string(::getpid()) + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw_write_error("create", temp);
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  const int saved_errno = errno;
  ::close(fd);
  if (!written) {
    ::unlink(temp.c_str());
    errno = saved_errno;
    throw_write_error("write", temp);
  }
  const int moved = force ? ::rename(temp.c_str(), path.c_str()) : ::link(temp.c_str(), path.c_str());
  const int move_errno = errno;
  if (moved != 0 || !force) ::unlink(temp.c_str());
  if (moved == 0) return;
  errno = move_errno;
  if (errno == EEXIST) throw exists_error(path);
  throw_write_error("write", path);
}

nlohmann::json migration_json(const plan::ConfigMigration& migration) {
  nlohmann::json mapped = nlohmann::json::array();
  for (const auto& item : migration.mapped) {
    mapped.push_back({{"key", item.key},
                      {"from", item.from},
                      {"to", item.to ? nlohmann::json(*item.to) : nlohmann::json(nullptr)},
                      {"note", item.note}});
  }
  nlohmann::json unmapped = nlohmann::json::array();
  for (const auto& item : migration.unmapped) {
    unmapped.push_back({{"key", item.key}, {"value", item.value}, {"where", item.where}, {"reason", item.reason}});
  }
  return {{"config", migration.toml}, {"mapped", mapped}, {"unmapped", unmapped}, {"warnings", migration.warnings}};
}

// Values from the environment or flags are not the file's: say so, as they still apply.
void note_overrides(Context& context) {
  std::string overridden;
  for (const auto& setting : context.settings().all()) {
    const auto kind = setting.origin.kind;
    if (kind != config::Origin::Kind::env && kind != config::Origin::Kind::flag) continue;
    if (setting.key == "gcloud.backend") {
      context.warn(setting.origin.describe() + " sets gcloud.backend: it wins over the migrated file's \"vertex\"");
    }
    overridden += (overridden.empty() ? "" : ", ") + setting.key + " (" + setting.origin.describe() + ")";
  }
  if (!overridden.empty()) {
    context.info("magritte: not from the config file, so not migrated (they still apply): " + overridden);
  }
}

void migrate(Context& context, const MigrateOptions& options) {
  const auto migration = plan::migrate_to_vertex(context.file_settings());
  if (options.write && !options.force && fs::exists(*options.write)) throw exists_error(*options.write);
  note_overrides(context);
  for (const auto& warning : migration.warnings) context.warn(warning);
  for (const auto& item : migration.unmapped) {
    context.warn("not migrated: " + item.key + " = " + item.value + " (" + item.where + "): " + item.reason);
  }
  auto json = migration_json(migration);
  json["written"] = nullptr;
  if (options.write) {
    write_migrated(*options.write, migration.toml, options.force);
    json["written"] = *options.write;
    context.info("magritte: wrote " + *options.write + " (gcloud.backend = \"vertex\"); check it with: magritte --config " +
                 *options.write + " config validate");
  }
  context.info("magritte: " + std::to_string(migration.mapped.size()) + " settings mapped, " +
               std::to_string(migration.unmapped.size()) + " not migrated");
  context.emit(json, options.write ? "" : migration.toml);
}

}  // namespace

void register_config_migrate(CLI::App& config_command, Context& context) {
  auto options = std::make_shared<MigrateOptions>();
  auto* command = config_command.add_subcommand(
      "migrate", "Print the AI Platform config rewritten for Vertex AI (the default backend)");
  auto* write = command->add_option("--write", options->write, "Write it to FILE instead of stdout (atomically)");
  command->add_flag("--force", options->force, "With --write: replace FILE when it exists")->needs(write);
  command->callback([&context, options] { migrate(context, *options); });
}

}  // namespace magritte::cli
