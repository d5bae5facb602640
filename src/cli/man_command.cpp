// magritte man (hidden): the manual page, in roff, generated from the program itself: the
// CLI11 commands and options registered in app.cpp, the config keys (config/schema.cpp),
// their environment variables (config/env_layer.cpp) and the exit codes (magritte/error.hpp).
// The build runs it (cmake/Install.cmake) to write share/man/man1/magritte.1, so the page
// cannot drift from the commands. `magritte man | man -l -` reads it from a build tree.
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "config/layers.hpp"
#include "config/schema.hpp"
#include "magritte/error.hpp"
#include "magritte/version.hpp"

namespace magritte::cli {
namespace {

constexpr const char* kGlobal = "Global options";  // app.cpp's group of options accepted everywhere

// Text as roff prints it literally: backslashes escaped, every '-' a minus sign (these are
// options and commands, which are copied and pasted), a leading '.' or '\'' defused.
std::string escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  return out;
}

// A paragraph of help text: each line of the source on a line of its own (roff would join
// them), never starting with a space (a break with indentation) or a control character.
std::string paragraph(std::string_view text) {
  std::string out;
  std::istringstream lines{std::string(text)};
  bool first = true;
  for (std::string line; std::getline(lines, line);) {
    const auto start = line.find_first_not_of(' ');
    if (start == std::string::npos) continue;
    if (!first) out += ".br\n";
    first = false;
    out += "\\&" + escape(line.substr(start)) + "\n";
  }
  return out;
}

bool hidden(const CLI::App& command) { return command.get_group().empty(); }

bool is_positional(const CLI::Option& option) {
  return option.get_positional() && option.get_lnames().empty() && option.get_snames().empty();
}

// "\fB\-v\fR, \fB\-\-verbose\fR" or "\fB\-\-timeout\fR \fISECONDS\fR".
std::string option_label(const CLI::Option& option) {
  std::string label;
  for (const auto& name : option.get_snames()) label += (label.empty() ? "" : ", ") + ("\\fB\\-" + escape(name) + "\\fR");
  for (const auto& name : option.get_lnames()) label += (label.empty() ? "" : ", ") + ("\\fB\\-\\-" + escape(name) + "\\fR");
  if (option.get_expected_max() > 0) {  // flags expect 0 values
    std::string value = option.get_type_name();
    if (value.empty()) value = "VALUE";
    label += " \\fI" + escape(value) + "\\fR";
  }
  return label;
}

std::string options_list(const CLI::App& command, bool global) {
  std::string out;
  for (const CLI::Option* option : command.get_options()) {
    if (is_positional(*option)) continue;
    if (option->get_group().empty()) continue;  // hidden
    if ((option->get_group() == kGlobal) != global) continue;
    if (option->get_lnames() == std::vector<std::string>{"help"}) continue;  // said once, in SYNOPSIS
    out += ".TP\n" + option_label(*option) + "\n" + paragraph(option->get_description());
  }
  return out;
}

// "magritte emulator start [OPTIONS] [PATH...]".
std::string usage(const CLI::App& command, const std::string& path) {
  std::string line = "\\fBmagritte " + escape(path) + "\\fR";
  bool has_options = false;
  std::string positionals;
  for (const CLI::Option* option : command.get_options()) {
    if (!is_positional(*option)) {
      has_options = has_options || option->get_lnames() != std::vector<std::string>{"help"};
      continue;
    }
    std::string name = "\\fI" + escape(option->get_name()) + "\\fR";
    if (option->get_expected_max() > 1) name += "...";
    positionals += " " + (option->get_required() ? name : "[" + name + "]");
  }
  if (has_options) line += " [\\fIOPTIONS\\fR]";
  if (!command.get_subcommands({}).empty()) line += " \\fICOMMAND\\fR";
  return line + positionals + "\n";
}

void command_section(const CLI::App& command, const std::string& path, std::string& out) {
  out += ".SS \"" + escape(path) + "\"\n";
  for (const auto& alias : command.get_aliases()) out += "(alias: \\fB" + escape(alias) + "\\fR)\n.br\n";
  out += usage(command, path) + ".PP\n" + paragraph(command.get_description());
  out += options_list(command, false);
  if (!command.get_footer().empty()) out += ".PP\n" + paragraph(command.get_footer());
  for (const CLI::App* sub : command.get_subcommands({})) {
    if (!hidden(*sub)) command_section(*sub, path + " " + sub->get_name(), out);
  }
}

std::string commands_section(const CLI::App& app) {
  std::string out = ".SH COMMANDS\n";
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (!hidden(*sub)) command_section(*sub, sub->get_name(), out);
  }
  return out;
}

std::string key_entry(const config::KeySpec& spec) {
  std::string out = ".TP\n\\fB" + escape(spec.name()) + "\\fR (" + escape(config::type_phrase(spec.type)) + ")\n";
  out += paragraph(spec.help);
  if (spec.default_text) out += ".br\nDefault: \\fB" + escape(*spec.default_text) + "\\fR\n";
  if (const auto accepted = config::accepted_text(spec); !accepted.empty()) {
    out += ".br\nAccepted: " + escape(accepted) + "\n";
  }
  out += ".br\nSet by: " + escape(config::how_to_set(spec)) + "\n";
  return out;
}

std::string configuration_section() {
  std::string out = R"(.SH CONFIGURATION
Settings are read from the config file (TOML), then the environment, then the flags; each
layer overrides the ones before it.
\fBmagritte config show\fR prints every effective value and where it came from.
Values may refer to other keys as \fB${section.key}\fR.
)";
  for (const auto& section : config::section_names()) {
    out += ".SS \"[" + escape(section) + "]\"\n";
    for (const auto& spec : config::key_specs()) {
      if (spec.section() == section) out += key_entry(spec);
    }
  }
  return out;
}

std::string environment_section() {
  std::string out = R"(.SH ENVIRONMENT
.TP
\fBMAGRITTE_CONFIG\fR
The config file, when \fB\-\-config\fR is not given.
.TP
\fBMAGRITTE_\fISECTION\fB_\fIKEY\fR
Any config key, e.g. \fBMAGRITTE_TRAIN_SCALE_TIER=basic\fR for \fB[train] scale_tier\fR
(see CONFIGURATION). A misspelt key of a known section is an error.
.TP
\fBMAGRITTE_VISION_MODULE\fR
The path of \fBmagritte\-vision.so\fR, instead of the one installed with magritte.
)";
  // The seed tutorial's shell variables (config/env_layer.cpp), weaker than MAGRITTE_*.
  for (const auto& spec : config::key_specs()) {
    if (const auto seed = config::seed_variable_for(spec.key); !seed.empty()) {
      out += ".TP\n\\fB" + escape(seed) + "\\fR\n\\fB" + escape(spec.key) + "\\fR, as the seed tutorial's shell sets it; " +
             escape(config::magritte_env_name(spec.key)) + " wins over it.\n";
    }
  }
  out += R"(.PP
gcloud and gsutil run with magritte's environment: their own variables
(\fBCLOUDSDK_CONFIG\fR, \fBCLOUDSDK_CORE_PROJECT\fR, \fBBOTO_CONFIG\fR...) apply, and
\fBmagritte emulator env\fR prints the ones that point them at the local emulator.
)";
  return out;
}

std::string files_section() {
  return R"(.SH FILES
.TP
\fI./magritte.toml\fR
The config file, unless \fB\-\-config\fR or \fBMAGRITTE_CONFIG\fR name another.
.TP
\fI/usr/lib/magritte/magritte\-vision.so\fR
The image decoding module (OpenCV), loaded by \fBpredict\fR, \fBpromote\fR's smoke test and
the emulator; looked for next to the executable, then in \fI../lib/magritte/\fR.
.TP
\fI/usr/share/doc/magritte/examples/fruits/\fR
The example project: a trainer, generated images and its \fBmagritte.toml\fR.
.TP
\fI/usr/share/doc/magritte/configs/magritte.toml\fR
The seed tutorial's configuration.
.TP
\fI.magritte/emulator/\fR
The emulator's state (\fBmagritte emulator start \-\-data\-dir\fR to change it).
)";
}

std::string exit_status_section() {
  std::string out = ".SH EXIT STATUS\n";
  for (const auto& [code, meaning] : kExitCodeMeanings) {
    out += ".TP\n\\fB" + std::to_string(to_int(code)) + "\\fR\n" + paragraph(meaning);
  }
  return out;
}

std::string header(const CLI::App& app) {
  const auto& info = build_info();
  return std::string(".\\\" Generated by `magritte man` from the program's own definitions: do not edit.\n") +
         ".TH MAGRITTE 1 \"" + info.commit_date + "\" \"magritte " + info.version + "\" \"User Commands\"\n" +
         ".SH NAME\nmagritte \\- " + escape(app.get_description().substr(app.get_description().find(": ") + 2)) +
         "\n.SH SYNOPSIS\n\\fBmagritte\\fR [\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]\n" +
         ".br\n\\fBmagritte\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR\n.br\n\\fBmagritte \\-\\-version\\fR\n" + R"(.SH DESCRIPTION
magritte trains, deploys, tests and promotes an image classifier on Google Cloud (Vertex AI,
or the legacy AI Platform) by running the real \fBgcloud\fR and \fBgsutil\fR.
Every cloud command it would run is printed, shell-quoted, by \fB\-\-dry\-run\fR.
Data goes to standard output (\fB\-\-format json\fR: one JSON document), messages to
standard error.
It embeds a local emulator of the services it uses (\fBmagritte emulator\fR).
)";
}

std::string global_options_section(const CLI::App& app) {
  return ".SH GLOBAL OPTIONS\nAccepted before or after the command.\n" + options_list(app, true) +
         ".TP\n\\fB\\-\\-version\\fR\nAlone: print magritte's version, the git commit it was built from and the build "
         "type (\\fB\\-\\-format json\\fR: an object). After a command that has it, the model version.\n";
}

// Text lines longer than 80 bytes split at spaces (roff joins them again; mandoc's lint asks
// for it). Request lines (".TP") are left whole; a piece never starts with '.' or '\''.
std::string wrapped(const std::string& page) {
  std::string out;
  std::istringstream lines(page);
  for (std::string line; std::getline(lines, line);) {
    while (line.size() > 80 && line[0] != '.') {
      const auto space = line.rfind(' ', 80);
      if (space == std::string::npos || space == 0) break;
      out += line.substr(0, space) + "\n";
      line = line.substr(space + 1);
      if (line[0] == '.' || line[0] == '\'') line = "\\&" + line;
    }
    out += line + "\n";
  }
  return out;
}

std::string manual(const CLI::App& app) {
  return header(app) + global_options_section(app) + commands_section(app) + configuration_section() +
         environment_section() + files_section() + exit_status_section() +
         ".SH SEE ALSO\n\\fBgcloud\\fR(1), \\fBgsutil\\fR(1)\n";
}

}  // namespace

void register_man(CLI::App& app, Context& context) {
  (void)context;
  auto* command = app.add_subcommand("man", "Print magritte's manual page (roff)");
  command->group("");  // hidden: the build writes magritte.1 with it; users read `man magritte`
  const CLI::App* root = &app;
  command->callback([root] { std::cout << wrapped(manual(*root)) << std::flush; });
}

}  // namespace magritte::cli
