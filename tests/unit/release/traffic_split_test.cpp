// The canary's traffic split: the candidate's share, the others keeping their proportions.
#include <gtest/gtest.h>

#include "release/traffic_split.hpp"

namespace magritte::release {
namespace {

int total(const Split& split) {
  int sum = 0;
  for (const auto& [id, share] : split) sum += share;
  return sum;
}

TEST(CanarySplit, OneVersionServingKeepsTheRest) {
  EXPECT_EQ(canary_split({{"v2", 100}}, "v3", 10), (Split{{"v3", 10}, {"v2", 90}}));
}

TEST(CanarySplit, SeveralKeepTheirProportions) {
  EXPECT_EQ(canary_split({{"v2", 60}, {"v1", 40}}, "v3", 10), (Split{{"v3", 10}, {"v2", 54}, {"v1", 36}}));
}

TEST(CanarySplit, LeftoverPointsGoToTheLargestRemainders) {
  // 90 % of 50/30/20 is 45/27/18 exactly; of 34/33/33: 30.6, 29.7, 29.7 → 30 + 29 + 29 = 88:
  // the two largest remainders (.7 each) get the two points.
  EXPECT_EQ(canary_split({{"a", 34}, {"b", 33}, {"c", 33}}, "new", 10),
            (Split{{"new", 10}, {"a", 30}, {"b", 30}, {"c", 30}}));
  const auto split = canary_split({{"a", 1}, {"b", 1}, {"c", 98}}, "new", 50);
  EXPECT_EQ(total(split), 100);
}

TEST(CanarySplit, TiesGoByIdOrder) {
  // 99 × 50 / 100 = 49.5 each: 49 + 49, and the point left over goes to the first id.
  EXPECT_EQ(canary_split({{"b", 50}, {"a", 50}}, "n", 1), (Split{{"n", 1}, {"a", 50}, {"b", 49}}));
}

TEST(CanarySplit, AShareThatRoundsToZeroLeavesTheSplit) {
  const auto split = canary_split({{"big", 99}, {"tiny", 1}}, "new", 60);
  EXPECT_EQ(total(split), 100);
  EXPECT_EQ(split.at("new"), 60);
  // tiny: 1 × 40 / 100 = 0.4, big 99 × 40 / 100 = 39.6: big's remainder is larger.
  EXPECT_EQ(split, (Split{{"new", 60}, {"big", 40}}));
}

TEST(CanarySplit, VersionsAtZeroAreLeftOut) {
  EXPECT_EQ(canary_split({{"v2", 100}, {"v1", 0}}, "v3", 25), (Split{{"v3", 25}, {"v2", 75}}));
}

TEST(CanarySplit, TheCandidatesOwnShareIsReplaced) {
  EXPECT_EQ(canary_split({{"v2", 90}, {"v3", 10}}, "v3", 20), (Split{{"v3", 20}, {"v2", 80}}));
}

TEST(CanarySplit, NothingElseServingGivesTheCandidateEverything) {
  EXPECT_EQ(canary_split({}, "v3", 10), (Split{{"v3", 100}}));
  EXPECT_EQ(canary_split({{"v3", 100}}, "v3", 10), (Split{{"v3", 100}}));
  EXPECT_EQ(canary_split({{"v2", 0}}, "v3", 10), (Split{{"v3", 100}}));
}

TEST(CanarySplit, AHundredPercentIsEverything) {
  EXPECT_EQ(canary_split({{"v2", 100}}, "v3", 100), (Split{{"v3", 100}}));
}

TEST(CanarySplit, AlwaysAddsUpToAHundred) {
  for (int percent = 1; percent < 100; ++percent) {
    for (const Split& current : {Split{{"a", 100}}, Split{{"a", 50}, {"b", 50}}, Split{{"a", 33}, {"b", 33}, {"c", 34}},
                                 Split{{"a", 97}, {"b", 1}, {"c", 1}, {"d", 1}}, Split{{"a", 7}, {"b", 93}}}) {
      const auto split = canary_split(current, "new", percent);
      ASSERT_EQ(total(split), 100) << percent;
      ASSERT_EQ(split.at("new"), percent);
      for (const auto& [id, share] : split) ASSERT_GT(share, 0) << id << " at " << percent;
    }
  }
}

TEST(LargestShare, TheLargestOtherThanTheExcepted) {
  EXPECT_EQ(largest_share({{"v2", 54}, {"v1", 36}, {"v3", 10}}, "v3"), "v2");
  EXPECT_EQ(largest_share({{"v2", 10}, {"v3", 90}}, "v3"), "v2");
  EXPECT_EQ(largest_share({{"v3", 100}}, "v3"), "");
  EXPECT_EQ(largest_share({{"v2", 0}}, ""), "");
  EXPECT_EQ(largest_share({}, "v3"), "");
}

TEST(LargestShare, TiesGoToTheFirstId) {
  EXPECT_EQ(largest_share({{"b", 45}, {"a", 45}, {"c", 10}}, "c"), "a");
}

}  // namespace
}  // namespace magritte::release
