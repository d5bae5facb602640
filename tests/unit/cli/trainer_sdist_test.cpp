// The trainer's source distribution: a gzip'd ustar archive that pip, Python's tarfile and
// tar all read, holding PKG-INFO, setup.py (the project's or a generated one) and the
// package without bytecode, byte for byte the same for the same files.
#include "cli/backends/trainer_sdist.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "magritte/error.hpp"
#include "support/process.hpp"

namespace magritte::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string gunzip(const std::string& data) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[65536];
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  inflateEnd(&stream);
  EXPECT_EQ(status, Z_STREAM_END) << "not a complete gzip stream";
  EXPECT_EQ(stream.avail_in, 0u) << "bytes after the gzip stream";
  return out;
}

std::uint64_t octal(const char* field, std::size_t size) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < size && field[i] >= '0' && field[i] <= '7'; ++i) value = value * 8 + (field[i] - '0');
  return value;
}

struct TarEntry {
  std::string path;
  std::string content;
  std::uint64_t mode = 0, mtime = 0;
  char type = 0;
};

// A strict reader of the ustar archive: checks every header's checksum and magic, the
// padding, and the two zero blocks at the end.
std::vector<TarEntry> read_ustar(const std::string& tar) {
  std::vector<TarEntry> entries;
  EXPECT_EQ(tar.size() % 512, 0u);
  std::size_t at = 0;
  while (at + 512 <= tar.size()) {
    const char* header = tar.data() + at;
    if (std::all_of(header, header + 512, [](char c) { return c == 0; })) break;
    unsigned sum = 0;
    for (int i = 0; i < 512; ++i) sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(header[i]);
    EXPECT_EQ(octal(header + 148, 8), sum) << "checksum of entry " << entries.size();
    EXPECT_EQ(std::string(header + 257, 6), std::string("ustar\0", 6));
    EXPECT_EQ(std::string(header + 263, 2), "00");
    TarEntry entry;
    const std::string name(header, strnlen(header, 100));
    const std::string prefix(header + 345, strnlen(header + 345, 155));
    entry.path = prefix.empty() ? name : prefix + "/" + name;
    entry.mode = octal(header + 100, 8);
    entry.mtime = octal(header + 136, 12);
    entry.type = header[156];
    const auto size = octal(header + 124, 12);
    at += 512;
    EXPECT_LE(at + size, tar.size());
    entry.content = tar.substr(at, size);
    at += (size + 511) / 512 * 512;
    entries.push_back(entry);
  }
  EXPECT_EQ(tar.size() - at, 1024u) << "the archive must end with exactly two zero blocks";
  EXPECT_TRUE(std::all_of(tar.begin() + static_cast<std::ptrdiff_t>(at), tar.end(), [](char c) { return c == 0; }));
  return entries;
}

std::vector<std::string> paths_of(const std::vector<TarEntry>& entries) {
  std::vector<std::string> paths;
  for (const auto& entry : entries) paths.push_back(entry.path);
  return paths;
}

class TrainerSdistTest : public ::testing::Test {
protected:
  TrainerSdistTest() {
    write(project() / "trainer/__init__.py", "");
    write(project() / "trainer/task.py", "print('training')\n");
    write(project() / "trainer/util/__init__.py", "");
    write(project() / "trainer/util/io.py", "X = 1\n");
    write(project() / "trainer/__pycache__/task.cpython-311.pyc", "bytecode");
    write(project() / "trainer/stale.pyc", "bytecode");
    write(project() / "README.md", "not packaged");
  }

  fs::path project() const { return dir_.path() / "project"; }
  fs::path out() const { return dir_.path() / "out"; }

  std::vector<TarEntry> entries_of(const TrainerSdist& sdist) { return read_ustar(gunzip(slurp(sdist.archive))); }

  magritte::testing::TempDir dir_;
};

TEST_F(TrainerSdistTest, FileName) {
  EXPECT_EQ(sdist_file_name("trainer/"), "trainer-0.1.tar.gz");
  EXPECT_EQ(sdist_file_name("trainer"), "trainer-0.1.tar.gz");
  EXPECT_EQ(sdist_file_name("src/my_pkg/"), "my_pkg-0.1.tar.gz");
}

TEST_F(TrainerSdistTest, WithoutSetupPyOneIsGenerated) {
  const auto sdist = build_trainer_sdist(project() / "trainer/", out());
  EXPECT_EQ(sdist.archive, out() / "trainer-0.1.tar.gz");
  EXPECT_EQ(sdist.package, "trainer");
  EXPECT_TRUE(sdist.generated_setup);
  const auto entries = entries_of(sdist);
  EXPECT_THAT(paths_of(entries), ElementsAre("trainer-0.1/PKG-INFO", "trainer-0.1/setup.py",
                                             "trainer-0.1/trainer/__init__.py", "trainer-0.1/trainer/task.py",
                                             "trainer-0.1/trainer/util/__init__.py",
                                             "trainer-0.1/trainer/util/io.py"));
  EXPECT_EQ(sdist.files, entries.size());
  EXPECT_EQ(entries[0].content,
            "Metadata-Version: 1.0\nName: trainer\nVersion: 0.1\nSummary: trainer trainer, packaged by magritte\n");
  EXPECT_THAT(entries[1].content, HasSubstr("from setuptools import find_packages, setup\n"));
  EXPECT_THAT(entries[1].content, HasSubstr("setup(name='trainer', version='0.1', packages=find_packages())\n"));
  EXPECT_EQ(entries[3].content, "print('training')\n");
  for (const auto& entry : entries) {
    EXPECT_EQ(entry.type, '0') << entry.path;
    EXPECT_EQ(entry.mode, 0644u) << entry.path;
    EXPECT_EQ(entry.mtime, 1577836800u) << entry.path;
  }
}

TEST_F(TrainerSdistTest, TheProjectsSetupPyIsUsedAsItIs) {
  const std::string setup = "from setuptools import setup\nsetup(name='fruits', install_requires=['numpy'])\n";
  write(project() / "setup.py", setup);
  const auto sdist = build_trainer_sdist(project() / "trainer", out());
  EXPECT_FALSE(sdist.generated_setup);
  const auto entries = entries_of(sdist);
  ASSERT_GE(entries.size(), 2u);
  EXPECT_EQ(entries[1].path, "trainer-0.1/setup.py");
  EXPECT_EQ(entries[1].content, setup);
}

TEST_F(TrainerSdistTest, TheSameFilesGiveTheSameBytes) {
  const auto first = slurp(build_trainer_sdist(project() / "trainer", out() / "a").archive);
  fs::last_write_time(project() / "trainer/task.py", fs::file_time_type::clock::now() + std::chrono::hours(1));
  const auto second = slurp(build_trainer_sdist(project() / "trainer", out() / "b").archive);
  EXPECT_EQ(first, second);
  // gzip header: no file name flag, no modification time.
  ASSERT_GE(first.size(), 10u);
  EXPECT_EQ(first.substr(0, 3), "\x1f\x8b\x08");
  EXPECT_EQ(first[3], 0);
  EXPECT_EQ(first.substr(4, 4), std::string(4, '\0'));
}

TEST_F(TrainerSdistTest, LongPathsUseTheUstarPrefix) {
  const std::string deep = std::string(60, 'd') + "/" + std::string(60, 'e');
  write(project() / "trainer" / deep / "module.py", "deep = True\n");
  const auto entries = entries_of(build_trainer_sdist(project() / "trainer", out()));
  const auto paths = paths_of(entries);
  const auto expected = "trainer-0.1/trainer/" + deep + "/module.py";
  ASSERT_GT(expected.size(), 100u);
  EXPECT_NE(std::find(paths.begin(), paths.end(), expected), paths.end());
}

TEST_F(TrainerSdistTest, AFileNameTooLongForUstarIsAUsageError) {
  write(project() / "trainer" / (std::string(101, 'f') + ".py"), "");
  try {
    build_trainer_sdist(project() / "trainer", out());
    FAIL() << "expected a usage error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::usage);
    EXPECT_THAT(error.what(), HasSubstr("has a path too long for a source archive"));
  }
}

TEST_F(TrainerSdistTest, TarListsIt) {
  if (!fs::exists("/usr/bin/tar")) GTEST_SKIP() << "no /usr/bin/tar";
  const std::string deep = std::string(60, 'd') + "/" + std::string(60, 'e');
  write(project() / "trainer" / deep / "module.py", "deep = True\n");
  const auto sdist = build_trainer_sdist(project() / "trainer", out());
  const auto listed = magritte::testing::run_process("/usr/bin/tar", {"-tzf", sdist.archive.string()},
                                                     {{"PATH", "/usr/bin:/bin"}}, dir_.path());
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(listed.err, "");
  EXPECT_EQ(listed.out,
            "trainer-0.1/PKG-INFO\ntrainer-0.1/setup.py\ntrainer-0.1/trainer/__init__.py\n"
            "trainer-0.1/trainer/" + deep + "/module.py\ntrainer-0.1/trainer/task.py\n"
            "trainer-0.1/trainer/util/__init__.py\ntrainer-0.1/trainer/util/io.py\n");
}

TEST_F(TrainerSdistTest, PythonsTarfileReadsIt) {
  if (!fs::exists("/usr/bin/python3")) GTEST_SKIP() << "no /usr/bin/python3";
  const auto sdist = build_trainer_sdist(project() / "trainer", out());
  const std::string script =
      "import sys, tarfile\n"
      "with tarfile.open(sys.argv[1], 'r:gz') as tar:\n"
      "    for member in tar.getmembers():\n"
      "        data = tar.extractfile(member).read()\n"
      "        print(member.name, member.size, len(data), oct(member.mode), member.mtime)\n";
  const auto listed = magritte::testing::run_process("/usr/bin/python3", {"-c", script, sdist.archive.string()},
                                                     {{"PATH", "/usr/bin:/bin"}}, dir_.path());
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("trainer-0.1/trainer/task.py 18 18 0o644 1577836800\n"));
  EXPECT_THAT(listed.out, HasSubstr("trainer-0.1/trainer/util/io.py 6 6 0o644 1577836800\n"));
}

}  // namespace
}  // namespace magritte::cli
