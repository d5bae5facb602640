// The default-version history kept in the model's labels.
#include <gtest/gtest.h>

#include "release/history.hpp"

namespace magritte::release {
namespace {

using Names = std::vector<std::string>;

TEST(HistoryEncoding, LowercaseNamesAreUnchanged) {
  EXPECT_EQ(encode_version_label("v2"), "v2");
  EXPECT_EQ(encode_version_label("v2_rc1"), "v2_rc1");
  EXPECT_EQ(decode_version_label("v2_rc1"), "v2_rc1");
}

TEST(HistoryEncoding, CapitalsAreEscapedWithADash) {
  EXPECT_EQ(encode_version_label("V2_Big"), "-v2_-big");
  EXPECT_EQ(decode_version_label("-v2_-big"), "V2_Big");
  for (const std::string name : {"a", "Z", "vXYZ_9", "already_lower", "MiXeD_Case_42"}) {
    const auto encoded = encode_version_label(name);
    ASSERT_TRUE(encoded) << name;
    EXPECT_EQ(decode_version_label(*encoded), name);
    for (char c : *encoded) EXPECT_FALSE(c >= 'A' && c <= 'Z') << *encoded;
  }
}

TEST(HistoryEncoding, TooLongForALabelValue) {
  EXPECT_TRUE(encode_version_label(std::string(63, 'v')));
  EXPECT_EQ(encode_version_label(std::string(64, 'v')), std::nullopt);
  EXPECT_EQ(encode_version_label(std::string(32, 'V')), std::nullopt);  // 64 once escaped
  EXPECT_EQ(encode_version_label(""), std::nullopt);
}

TEST(HistoryEncoding, HandEditedValuesDoNotDecode) {
  for (const char* value : {"", "-", "v-", "v-2", "9v", "_v", "v.2", "-9"}) {
    EXPECT_EQ(decode_version_label(value), std::nullopt) << value;
  }
}

TEST(History, ReadsInOrderAndStopsAtAGap) {
  const Labels labels = {{"team", "vision"},
                         {"magritte-previous-1", "v3"},
                         {"magritte-previous-2", "-v2"},
                         {"magritte-previous-4", "v0"}};
  EXPECT_EQ(read_history(labels), (Names{"v3", "V2"}));
  EXPECT_EQ(read_history({}), Names{});
}

TEST(History, PushIsMostRecentFirstDistinctAndBounded) {
  EXPECT_EQ(push_previous({}, "v1", 3), Names{"v1"});
  EXPECT_EQ(push_previous({"v2", "v1"}, "v3", 3), (Names{"v3", "v2", "v1"}));
  EXPECT_EQ(push_previous({"v3", "v2", "v1"}, "v4", 3), (Names{"v4", "v3", "v2"}));
  EXPECT_EQ(push_previous({"v2", "v1"}, "v1", 3), (Names{"v1", "v2"}));
}

TEST(History, ChangeTouchesOnlyHistoryLabelsThatDiffer) {
  const Labels current = {{"team", "vision"},
                          {"magritte-previous-1", "v2"},
                          {"magritte-previous-2", "v1"},
                          {"magritte-previous-3", "v0"}};
  const auto change = history_change(current, {"v3", "v2"});
  EXPECT_EQ(change.update, (Labels{{"magritte-previous-1", "v3"}, {"magritte-previous-2", "v2"}}));
  EXPECT_EQ(change.remove, (Names{"magritte-previous-3"}));
  EXPECT_TRUE(history_change(current, {"v2", "v1", "v0"}).empty());
  const auto emptied = history_change(current, {});
  EXPECT_TRUE(emptied.update.empty());
  EXPECT_EQ(emptied.remove.size(), 3u);
}

TEST(History, RollbackSkipsEntriesEqualToTheCurrentDefault) {
  EXPECT_EQ(rollback_index({"v2", "v1"}, "v3"), 0u);
  EXPECT_EQ(rollback_index({"v3", "v1"}, "v3"), 1u);
  EXPECT_EQ(rollback_index({"v3"}, "v3"), std::nullopt);
  EXPECT_EQ(rollback_index({}, "v3"), std::nullopt);
}


// Vertex AI: version names are registry aliases (letters, digits, '-', never '_'), so '_'
// is the escape, the other way round from ml v1.
constexpr auto kVertex = NameAlphabet::vertex_alias;

TEST(VertexHistoryEncoding, CapitalsAreEscapedWithAnUnderscoreAndDashesStay) {
  EXPECT_EQ(encode_version_label("vBig2", kVertex), "v_big2");
  EXPECT_EQ(decode_version_label("v_big2", kVertex), "vBig2");
  EXPECT_EQ(encode_version_label("v3-big", kVertex), "v3-big");
  EXPECT_EQ(decode_version_label("v3-big", kVertex), "v3-big");
  EXPECT_EQ(encode_version_label("v3", kVertex), "v3");
}

TEST(VertexHistoryEncoding, EveryAliasRoundTrips) {
  for (const std::string name : {"v3", "v3-big", "vBig2", "aB-cD-9", "v-X-y", "abcdefghijklmnopqrstuvwxyz-0123456789",
                                 "vABCDEFGHIJKLMNOPQRSTUVWXYZz"}) {
    const auto encoded = encode_version_label(name, kVertex);
    ASSERT_TRUE(encoded) << name;
    EXPECT_EQ(decode_version_label(*encoded, kVertex), name);
    for (char c : *encoded) {
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-') << *encoded;
    }
  }
}

TEST(VertexHistoryEncoding, TheTwoAlphabetsDoNotReadEachOther) {
  // An ml v1 value escaped with '-' is not a Vertex one, and the reverse.
  EXPECT_EQ(decode_version_label("-v2_-big", kVertex), std::nullopt);
  EXPECT_EQ(decode_version_label("v_big2"), "v_big2");  // ml v1: '_' is a plain character
  EXPECT_EQ(decode_version_label("v3-big"), "v3Big");   // ml v1: '-' escapes
}

TEST(VertexHistoryEncoding, HandEditedValuesDoNotDecode) {
  for (const char* value : {"", "_", "v_", "v_2", "v__a", "_9", "9v", "-v", "v.2", "V2"}) {
    EXPECT_EQ(decode_version_label(value, kVertex), std::nullopt) << value;
  }
}

TEST(VertexHistoryEncoding, TooLongOnceEscaped) {
  EXPECT_EQ(encode_version_label("v" + std::string(31, 'B'), kVertex)->size(), 63u);
  EXPECT_EQ(encode_version_label("v" + std::string(31, 'B') + "c", kVertex), std::nullopt);
}

TEST(VertexHistory, ReadAndChangeInTheVertexAlphabet) {
  const Labels labels = {{"magritte-previous-1", "v_big2"}, {"magritte-previous-2", "v1-rc"},
                         {"magritte-canary", "v3"}};
  EXPECT_EQ(read_history(labels, kVertex), (Names{"vBig2", "v1-rc"}));
  const auto change = history_change(labels, {"v3", "vBig2", "v1-rc"}, kVertex);
  EXPECT_EQ(change.update, (Labels{{"magritte-previous-1", "v3"}, {"magritte-previous-2", "v_big2"},
                                   {"magritte-previous-3", "v1-rc"}}));
  EXPECT_TRUE(change.remove.empty());  // the canary label is not history's
}

}  // namespace
}  // namespace magritte::release
