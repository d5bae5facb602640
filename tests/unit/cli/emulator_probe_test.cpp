// Telling a magritte emulator's health answer from anything else that answers on a port.
#include "cli/emulator_probe.hpp"

#include <gtest/gtest.h>

namespace magritte::cli {
namespace {

TEST(EmulatorHealth, ReadsTheDataDirAndTheCertificateItServes) {
  const auto running = parse_emulator_health(
      200, R"({"status": "ok", "service": "magritte-emulator", "port": 8470, "pid": 42, "data_dir": "/tmp/emu/./x/..",
               "ca_cert": "/tmp/emu/tls/cert.pem", "version": "0.9.0"})");
  ASSERT_TRUE(running);
  EXPECT_EQ(running->data_dir, "/tmp/emu/");
  EXPECT_EQ(running->ca_cert, "/tmp/emu/tls/cert.pem");
  EXPECT_EQ(running->pid, 42);
  EXPECT_EQ(running->version, "0.9.0");
}

TEST(EmulatorHealth, AnOlderEmulatorServesTheCertificateOfItsDataDir) {
  const auto running = parse_emulator_health(200, R"({"status": "ok", "port": 1, "pid": 2, "data_dir": "/d"})");
  ASSERT_TRUE(running);
  EXPECT_EQ(running->ca_cert, "/d/tls/cert.pem");
}

TEST(EmulatorHealth, AnythingElseIsNotAnEmulator) {
  EXPECT_FALSE(parse_emulator_health(404, R"({"status": "ok", "data_dir": "/d"})"));
  EXPECT_FALSE(parse_emulator_health(200, "<html>hello</html>"));
  EXPECT_FALSE(parse_emulator_health(200, R"({"status": "ok"})"));
  EXPECT_FALSE(parse_emulator_health(200, R"({"status": "ok", "data_dir": "relative/dir"})"));
  EXPECT_FALSE(parse_emulator_health(200, R"({"status": "ok", "service": "other", "data_dir": "/d"})"));
  EXPECT_FALSE(parse_emulator_health(200, R"({"status": "UP", "data_dir": "/d"})"));
  EXPECT_FALSE(parse_emulator_health(200, R"(["status", "ok"])"));
}

}  // namespace
}  // namespace magritte::cli
