// What waiting looks like on a terminal and in a CI log.
#include <gtest/gtest.h>

#include <sstream>

#include "release/progress.hpp"

namespace magritte::release {
namespace {

using std::chrono::seconds;

TEST(Progress, PlainOutputHasOneLinePerStateChange) {
  std::ostringstream err;
  std::ostringstream out;
  auto progress = make_progress(err, /*live=*/false, /*quiet=*/false);
  progress->state_changed("job j", "QUEUED", seconds(0));
  progress->still("job j", "QUEUED", seconds(1));
  progress->print(out, "INFO\tlog line");
  progress->state_changed("job j", "RUNNING", seconds(65));
  progress->done();
  EXPECT_EQ(err.str(), "magritte: job j: QUEUED (after 0s)\nmagritte: job j: RUNNING (after 1m 05s)\n");
  EXPECT_EQ(out.str(), "INFO\tlog line\n");
}

TEST(Progress, QuietDropsStateLinesButNotPrintedOnes) {
  std::ostringstream err;
  auto progress = make_progress(err, /*live=*/true, /*quiet=*/true);
  progress->state_changed("job j", "QUEUED", seconds(0));
  progress->print(err, "kept");
  EXPECT_EQ(err.str(), "kept\n");
}

TEST(Progress, LiveLineIsRewrittenAndClearedAroundOtherOutput) {
  std::ostringstream err;
  auto progress = make_progress(err, /*live=*/true, /*quiet=*/false);
  progress->state_changed("job j", "RUNNING", seconds(3));
  progress->still("job j", "RUNNING", seconds(4));
  progress->print(err, "log");
  progress->done();
  const std::string clear = "\r\x1b[2K";
  const std::string dot = " \xC2\xB7 ";
  EXPECT_EQ(err.str(), "magritte: job j: RUNNING (after 3s)\n" + clear + "magritte: job j: RUNNING" + dot + "3s" +
                           clear + "magritte: job j: RUNNING" + dot + "4s" + clear + "log\n" +
                           "magritte: job j: RUNNING" + dot + "4s" + clear);
}

}  // namespace
}  // namespace magritte::release
