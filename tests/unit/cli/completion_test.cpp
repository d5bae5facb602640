// The completion scripts come from the CLI11 app itself; bash runs the generated script to
// prove it completes what the app accepts.
#include "cli_test_support.hpp"

#include <cstdlib>
#include <fstream>

#include "support/process.hpp"

namespace magritte::cli::testing {
namespace {

using Completion = CliTest;
using ::testing::HasSubstr;

class BashCompletion : public CliTest {
protected:
  // What the script completes for the words typed so far (the last one being completed).
  std::string complete(const std::string& script, const std::vector<std::string>& words) {
    magritte::testing::TempDir dir;
    std::ofstream(dir.path() / "magritte.bash") << script;
    std::string array;
    for (const auto& word : words) array += " '" + word + "'";
    const std::string program = "source " + (dir.path() / "magritte.bash").string() + "; COMP_WORDS=(" + array +
                                "); COMP_CWORD=" + std::to_string(words.size() - 1) +
                                "; _magritte; echo \"${COMPREPLY[*]}\"";
    const auto result = magritte::testing::run_process("/bin/bash", {"-c", program},
                                                       {{"PATH", std::getenv("PATH")}}, dir.path());
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.out;
  }
};

TEST_F(BashCompletion, CompletesSubcommandsAliasesAndOptions) {
  const auto script = run({"completion", "bash"});
  ASSERT_EQ(script.exit_code, 0) << script.err;
  EXPECT_EQ(complete(script.out, {"magritte", "pr"}), "promote predict prune\n");
  EXPECT_EQ(complete(script.out, {"magritte", "pi"}), "pipeline\n");
  EXPECT_EQ(complete(script.out, {"magritte", "train", "--w"}), "--wait\n");
  EXPECT_EQ(complete(script.out, {"magritte", "--config", "x.toml", "rollback", "--no"}), "--no-smoke\n");
  EXPECT_EQ(complete(script.out, {"magritte", "emulator", "s"}), "start\n");
  EXPECT_EQ(complete(script.out, {"magritte", "status", "--dry"}), "--dry-run\n");  // global options everywhere
  EXPECT_THAT(complete(script.out, {"magritte", "prune", "--keep", "3", "--"}), HasSubstr(" --keep "));
}

TEST_F(Completion, ZshScriptDescribesEveryCommand) {
  const auto script = run({"completion", "zsh"});
  ASSERT_EQ(script.exit_code, 0) << script.err;
  EXPECT_EQ(script.out.rfind("#compdef magritte\n", 0), 0u);
  for (const char* command : {"'sync:", "'train:", "'run:", "'pipeline:", "'rollback:", "'completion:"}) {
    EXPECT_THAT(script.out, HasSubstr(command));
  }
  EXPECT_THAT(script.out, HasSubstr("'--no-smoke:Skip the smoke test (promote.smoke_images)'"));
  // A zsh that is installed checks the syntax too.
  if (std::system("command -v zsh >/dev/null 2>&1") == 0) {
    magritte::testing::TempDir dir;
    std::ofstream(dir.path() / "_magritte") << script.out;
    const auto checked = magritte::testing::run_process("/bin/sh", {"-c", "zsh -n _magritte"},
                                                        {{"PATH", std::getenv("PATH")}}, dir.path());
    EXPECT_EQ(checked.exit_code, 0) << checked.err;
  }
}

TEST_F(Completion, UnknownShellIsAUsageError) {
  EXPECT_EQ(run({"completion", "fish"}).exit_code, 2);
}

}  // namespace
}  // namespace magritte::cli::testing
