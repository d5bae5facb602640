// The Debian package as `make package` builds it: its control fields (dependencies computed
// by dpkg-shlibdeps), its files, and the installed magritte run from the unpacked tree:
// --version, the seed config's dry run, bash completion and the man page.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "install_support.hpp"
#include "magritte/version.hpp"

namespace magritte::install_test {
namespace {

std::string field(const std::string& name) {
  const auto result = run_plain("/usr/bin/dpkg-deb", {"--field", MAGRITTE_DEB, name});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

TEST(Package, ControlFieldsNameItsVersionSectionAndComputedDependencies) {
  EXPECT_EQ(field("Package"), "magritte\n");
  EXPECT_EQ(field("Version"), std::string(kVersion) + "\n");
  EXPECT_EQ(field("Section"), "devel\n");
  EXPECT_EQ(field("Recommends"), "google-cloud-cli\n");
  const auto info = run_plain("/usr/bin/dpkg-deb", {"--info", MAGRITTE_DEB});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  std::cerr << info.out;  // the test log shows the computed Depends
  const std::string depends = field("Depends");
  // dpkg-shlibdeps read them from the module's and the binary's ELF headers...
  for (const char* library : {"libopencv-core", "libopencv-imgproc", "libopencv-dnn", "libjpeg62-turbo",
                              "libpng16-16", "libc6 (>=", "libstdc++6 (>="}) {
    EXPECT_TRUE(contains(depends, library)) << library << " not in Depends: " << depends;
  }
  // ...and libcurl and OpenCV's imgcodecs, which magritte dlopen()s, by the package itself.
  EXPECT_TRUE(contains(depends, "libcurl4")) << depends;
  EXPECT_TRUE(contains(depends, "libopencv-imgcodecs")) << depends;
}

TEST(Package, HoldsTheInstallLayoutUnderUsr) {
  for (const char* file : {"bin/magritte", "lib/magritte/magritte-vision.so", "share/man/man1/magritte.1.gz",
                           "share/bash-completion/completions/magritte", "share/zsh/vendor-completions/_magritte",
                           "share/doc/magritte/copyright", "share/doc/magritte/changelog.gz",
                           "share/doc/magritte/README.md", "share/doc/magritte/docs/ci.md",
                           "share/doc/magritte/configs/magritte.toml",
                           "share/doc/magritte/examples/fruits/magritte.toml",
                           "share/doc/magritte/examples/fruits/trainer/task.py",
                           "share/doc/magritte/examples/fruits/data/fruits/apple/image_apple1.jpeg"}) {
    EXPECT_TRUE(fs::is_regular_file(installed(file))) << file;
  }
  const auto contents = run_plain("/usr/bin/dpkg-deb", {"--contents", MAGRITTE_DEB});
  ASSERT_EQ(contents.exit_code, 0) << contents.err;
  EXPECT_FALSE(contains(contents.out, "__pycache__")) << contents.out;
  EXPECT_FALSE(contains(contents.out, ".pyc")) << contents.out;
  // Owned by root, whoever built it.
  std::istringstream lines(contents.out);
  for (std::string line; std::getline(lines, line);) EXPECT_TRUE(contains(line, " root/root ")) << line;
}

TEST(InstalledMagritte, VersionSaysTheCommitItWasBuiltFromAndTheBuildType) {
  const auto json_run = run_plain(installed_magritte(), {"--version", "--format", "json"});
  ASSERT_EQ(json_run.exit_code, 0) << json_run.err;
  const auto version = nlohmann::json::parse(json_run.out);
  EXPECT_EQ(version.value("version", ""), kVersion);
  EXPECT_FALSE(version.value("build_type", "").empty()) << json_run.out;
  const std::string commit = version.value("commit", "");
  const auto head = run_plain("/usr/bin/git", {"-C", MAGRITTE_SOURCE_DIR, "rev-parse", "HEAD"});
  if (head.exit_code == 0) {
    EXPECT_EQ(commit.substr(0, 40) + "\n", head.out) << "the package was built at " << commit;
  } else {
    EXPECT_EQ(commit, "unknown");
  }

  const auto text_run = run_plain(installed_magritte(), {"--version"});
  ASSERT_EQ(text_run.exit_code, 0) << text_run.err;
  EXPECT_EQ(text_run.out.substr(0, text_run.out.find('\n')), std::string("magritte ") + kVersion);
  EXPECT_TRUE(contains(text_run.out, "\ncommit: " + commit)) << text_run.out;
  EXPECT_TRUE(contains(text_run.out, "\nbuild type: " + version.value("build_type", "") + "\n")) << text_run.out;
}

// The seed config as the package ships it gives the golden case's exact gcloud command.
TEST(InstalledMagritte, TrainDryRunOnTheShippedSeedConfigMatchesTheGoldenCase) {
  const fs::path golden = fs::path(MAGRITTE_SOURCE_DIR) / "tests/golden/cases/train_seed_dry_run";
  testing::TempDir work;
  fs::copy(golden / "cwd", work.path(), fs::copy_options::recursive);
  std::map<std::string, std::string> env = {{"PATH", std::getenv("PATH")}, {"HOME", work.path().string()}};
  std::istringstream lines(read_file(golden / "env"));
  for (std::string line; std::getline(lines, line);) {
    if (const auto eq = line.find('='); eq != std::string::npos) env[line.substr(0, eq)] = line.substr(eq + 1);
  }
  const auto config = installed("share/doc/magritte/configs/magritte.toml").string();
  const auto result = testing::run_process(installed_magritte(), {"--config", config, "train", "--dry-run"}, env,
                                           work.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, read_file(golden / "stdout"));
}

// What bash offers at each point, from the installed script, as bash-completion calls it.
std::string complete(const std::string& words, int current) {
  const std::string script = "source '" + installed("share/bash-completion/completions/magritte").string() +
                             "'\nCOMP_WORDS=(" + words + "); COMP_CWORD=" + std::to_string(current) +
                             "; _magritte; printf '%s\\n' \"${COMPREPLY[@]}\"";
  const auto result = run_plain("/bin/bash", {"--noprofile", "--norc", "-c", script});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

TEST(InstalledCompletion, BashOffersCommandsSubcommandsAndOptions) {
  const auto registered = run_plain("/bin/bash", {"--noprofile", "--norc", "-c",
                                                  "source '" + installed("share/bash-completion/completions/magritte").string() +
                                                      "' && complete -p magritte"});
  EXPECT_TRUE(contains(registered.out, "-F _magritte")) << registered.out << registered.err;

  EXPECT_EQ(complete("magritte pr", 1), "promote\npredict\nprune\n");
  EXPECT_EQ(complete("magritte emulator ''", 2), "start\nenv\n");
  EXPECT_TRUE(contains(complete("magritte promote --ca", 2), "--canary\n"));
  EXPECT_TRUE(contains(complete("magritte --config x.toml train --dry", 4), "--dry-run\n"));
  EXPECT_EQ(complete("magritte ma", 1), "\n");  // `man` is hidden: the build's, not the user's
}

// The installed page, uncompressed.
std::string man_page() {
  const auto result = run_plain("/bin/gzip", {"-dc", installed("share/man/man1/magritte.1.gz").string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

TEST(InstalledManPage, LintsCleanWithGroffWarningsOn) {
  const std::string page = man_page();
  const auto lint = run_plain("/usr/bin/groff", {"-ww", "-man", "-z"}, {}, &page);
  EXPECT_EQ(lint.exit_code, 0);
  EXPECT_EQ(lint.err, "");
}

// Every command and option the completion script knows (both come from the same CLI11
// definitions) is in the page, with the config keys, environment variables and exit codes.
TEST(InstalledManPage, DescribesEveryCommandOptionKeyAndExitCode) {
  const std::string page = man_page();
  const auto listed = run_plain(
      "/bin/bash", {"--noprofile", "--norc", "-c",
                    "source '" + installed("share/bash-completion/completions/magritte").string() +
                        "'; for c in $(_magritte_children ''); do for o in $(_magritte_options \"$c\"); do echo \"$c $o\"; "
                        "done; done"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  std::istringstream lines(listed.out);
  int checked = 0;
  auto roff = [](std::string text) {
    for (auto at = text.find('-'); at != std::string::npos; at = text.find('-', at + 2)) text.replace(at, 1, "\\-");
    return text;
  };
  for (std::string line; std::getline(lines, line); ++checked) {
    const auto command = line.substr(0, line.find(' '));
    const auto option = line.substr(line.find(' ') + 1);
    if (option == "-h" || option == "--help") continue;  // said once, in SYNOPSIS
    EXPECT_TRUE(contains(page, ".SS \"" + roff(command) + "\"") || contains(page, "(alias: \\fB" + roff(command) + "\\fR)"))
        << command;
    EXPECT_TRUE(contains(page, "\\fB" + roff(option) + "\\fR")) << command << " " << option;
  }
  EXPECT_GT(checked, 100);
  for (const char* part : {".SS \"emulator start\"", ".SS \"config migrate\"", ".SS \"[train]\"",
                           "\\fBscale_tier\\fR", "MAGRITTE_TRAIN_SCALE_TIER", "\\fBMAGRITTE_VISION_MODULE\\fR",
                           "\\fBPROJECT_ID\\fR", ".SH EXIT STATUS\n.TP\n\\fB0\\fR", "\\fB127\\fR", "\\fB143\\fR",
                           ".SH FILES"}) {
    EXPECT_TRUE(contains(page, part)) << part;
  }
}

}  // namespace
}  // namespace magritte::install_test
