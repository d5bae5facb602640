// The file layer: TOML syntax, unknown sections/keys, wrong types, refused files.
#include "config_test_support.hpp"

namespace magritte::config::testing {
namespace {

TEST_F(ConfigTest, SyntaxErrorHasLineAndColumn) {
  write("magritte.toml", "[model]\nname = \"magritte\"\nversion = v2\n");
  EXPECT_EQ(load_error(),
            "magritte.toml:3:11: TOML syntax error: Error while parsing value: could not "
            "determine value type");
}

// toml++ 3.3 asked whether such a character is whitespace and reached undefined behaviour
// (found by fuzz/config_fuzzer); now an error that names the line.
TEST_F(ConfigTest, NonAsciiLetterOutsideAStringIsASyntaxErrorNotACrash) {
  for (const std::string letter : {"\xD1\x85", "\xC3\xA9", "\xCE\xB1"}) {  // х é α
    write("magritte.toml", "[storage]\n" + letter + "data_path = \"x\"\n");
    EXPECT_TRUE(load_error().starts_with("magritte.toml:2:")) << load_error();
  }
  write("magritte.toml", "[deploy]\ndescription = \"\xD1\x85\xC3\xA9\"  # \xCE\xB1\n");  // in a string and a comment: fine
  EXPECT_NO_THROW(config::load(options()));
}

TEST_F(ConfigTest, DuplicateKeyIsASyntaxError) {
  write("magritte.toml", "[model]\nname = \"a\"\nname = \"b\"\n");
  EXPECT_EQ(load_error(),
            "magritte.toml:3:8: TOML syntax error: Error while parsing key-value pair: cannot "
            "redefine existing string 'name'");
}

TEST_F(ConfigTest, UnknownKeySuggestsTheNearest) {
  write("magritte.toml", "# comment\n\n[model]\nname = \"m\"\nnmae = \"m\"\n");
  EXPECT_EQ(load_error(), "magritte.toml:5: unknown key 'nmae' in [model]; did you mean 'name'?");
}

TEST_F(ConfigTest, UnknownKeyFarFromAnyListsTheSection) {
  write("magritte.toml", "[model]\ncolour = \"red\"\n");
  EXPECT_EQ(load_error(),
            "magritte.toml:2: unknown key 'colour' in [model]; keys in [model]: name, version");
}

TEST_F(ConfigTest, UnknownSectionSuggestsTheNearest) {
  write("magritte.toml", "[modle]\nname = \"m\"\n");
  EXPECT_EQ(load_error(), "magritte.toml:1: unknown section [modle]; did you mean [model]?");
}

TEST_F(ConfigTest, UnknownSectionFarFromAny) {
  write("magritte.toml", "\n[kubernetes]\n");
  EXPECT_EQ(load_error(),
            "magritte.toml:2: unknown section [kubernetes]; sections: project, storage, model, "
            "train, deploy, predict, promote, wait, prune, gcloud, emulator");
}

TEST_F(ConfigTest, KeyOutsideAnySection) {
  write("magritte.toml", "bucket = \"b\"\n");
  EXPECT_EQ(load_error(),
            "magritte.toml:1: 'bucket' must be inside a section: put it under [storage]");
}

TEST_F(ConfigTest, SectionMustBeATable) {
  write("magritte.toml", "model = \"magritte\"\n");
  EXPECT_EQ(load_error(), "magritte.toml:1: [model] must be a section (a table), got string");
}

TEST_F(ConfigTest, WrongTypes) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[train]\nargs = 3", "train.args must be an array of strings, got integer"},
      {"[train]\nargs = [\"--num-epochs\", 3]",
       "train.args must be an array of strings, element 2 is integer 3; quote it: \"3\""},
      {"[train]\nruntime_version = 1.5",
       "train.runtime_version must be a string, got floating-point; quote it: \"1.5\""},
      {"[predict]\ntop = \"5\"",
       "predict.top must be an integer, got string; write it without quotes: 5"},
      {"[predict]\ntop = 2.5", "predict.top must be an integer, got floating-point"},
      {"[gcloud]\npass_project = \"yes\"",
       "gcloud.pass_project must be a boolean (true or false), got string"},
      {"[train]\nlabels = \"team=vision\"", "train.labels must be a table of strings, got string"},
      {"[train]\nlabels = { team = 1 }",
       "train.labels must be a table of strings, 'team' is integer; quote it: \"1\""},
      {"[model]\nname = [\"a\"]", "model.name must be a string, got array"},
  };
  for (const auto& [text, message] : cases) {
    write("magritte.toml", text + "\n");
    EXPECT_EQ(load_error(), "magritte.toml:2: " + message);
  }
}

TEST_F(ConfigTest, OriginRecordsTheLineOfEachValue) {
  write("magritte.toml",
        "model.name = \"dotted\"\n"
        "[train]\n"
        "args = [\n  \"--a\",\n]\n"
        "[train.labels]\n"
        "team = \"vision\"\n");
  const auto settings = load();
  EXPECT_EQ(settings.str("model.name"), "dotted");
  EXPECT_EQ(settings.find("model.name")->origin.describe(), "file magritte.toml:1");
  EXPECT_EQ(settings.find("train.args")->origin.describe(), "file magritte.toml:3");
  EXPECT_EQ(settings.map("train.labels"), (StringMap{{"team", "vision"}}));
  EXPECT_EQ(settings.find("train.labels")->origin.describe(), "file magritte.toml:6");
}

TEST_F(ConfigTest, EmptyFileGivesDefaults) {
  write("magritte.toml", "");
  const auto settings = load();
  EXPECT_EQ(settings.config_file(), std::filesystem::path("magritte.toml"));
  EXPECT_EQ(settings.str("predict.image_size"), "299x299");
  EXPECT_EQ(settings.find("predict.image_size")->origin.describe(), "default");
}

TEST_F(ConfigTest, BinaryFileIsRefused) {
  write("model.bin", std::string("[model]\nname = \"m\"\n\0\x01\x02", 22));
  config_flag_ = "model.bin";
  EXPECT_EQ(load_error(),
            "model.bin: not a text file (NUL byte at offset 19); a config file is TOML text");
}

TEST_F(ConfigTest, HugeFileIsRefused) {
  write("magritte.toml", "# " + std::string(1024 * 1024, 'x') + "\n");
  EXPECT_EQ(load_error(),
            "magritte.toml: file is 1048579 bytes; a config file must be at most 1 MiB");
}

TEST_F(ConfigTest, DirectoryIsRefused) {
  std::filesystem::create_directory(dir_ / "conf.d");
  config_flag_ = "conf.d";
  EXPECT_EQ(load_error(), "conf.d: is a directory, not a config file");
}

TEST_F(ConfigTest, InvalidUtf8IsASyntaxError) {
  write("magritte.toml", "[model]\nname = \"\xff\xfe\"\n");
  EXPECT_EQ(load_error().rfind("magritte.toml:2:", 0), 0u);
}

}  // namespace
}  // namespace magritte::config::testing
