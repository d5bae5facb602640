// The model's default-version history, kept in the model's own labels so that it lives with
// the model (every laptop and CI runner sees the same one), not in a local file:
//
//   magritte-previous-1 = the default before the current one (what `rollback` restores)
//   magritte-previous-2 = the one before that, ... up to promote.history_size entries
//
// Label values may only hold lowercase letters, digits, '_' and '-' (at most 63), while
// version names are a letter then letters, digits and '_' (any case). Versions can never
// contain '-', so it escapes capitals: "-" + the lowercase letter ("V2_Big" → "-v2_-big").
// The encoding is one-to-one and leaves the usual lowercase names ("v2") unchanged.
// On Vertex AI the history lives in the endpoint's labels and names are version aliases:
// letters, digits and '-', never '_', which then is the escape ("V2-Big" → "_v2-_big").
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace magritte::release {

inline constexpr std::string_view kHistoryLabelPrefix = "magritte-previous-";
inline constexpr std::size_t kMaxLabelValue = 63;
// The label that names the version holding a canary share of an endpoint (Vertex AI).
inline constexpr std::string_view kCanaryLabel = "magritte-canary";

// What version names are made of, which decides the escape character.
enum class NameAlphabet {
  ml_v1,         // letters, digits, '_': capitals escaped with '-'
  vertex_alias,  // letters, digits, '-': capitals escaped with '_'
};

// nullopt when the encoded name would be longer than a label value may be.
std::optional<std::string> encode_version_label(std::string_view version,
                                                NameAlphabet alphabet = NameAlphabet::ml_v1);
// nullopt for a value no version name encodes to (a hand-edited label).
std::optional<std::string> decode_version_label(std::string_view value,
                                                NameAlphabet alphabet = NameAlphabet::ml_v1);

using Labels = std::map<std::string, std::string>;

// The recorded previous defaults, most recent first (magritte-previous-1, -2, ...; a gap or
// an undecodable value ends the list).
std::vector<std::string> read_history(const Labels& labels, NameAlphabet alphabet = NameAlphabet::ml_v1);

// After `outgoing` stops being the default: it becomes the most recent entry (an older
// mention of it is dropped), and the list is cut to `limit` entries.
std::vector<std::string> push_previous(std::vector<std::string> history, const std::string& outgoing,
                                       std::size_t limit);

// The labels to set and remove so that the model's labels record `history`; other labels
// are left alone. Both empty when nothing changes. Throws nothing: callers check first
// that every name encodes (encode_version_label).
struct LabelChange {
  Labels update;
  std::vector<std::string> remove;
  bool empty() const { return update.empty() && remove.empty(); }
};
LabelChange history_change(const Labels& current_labels, const std::vector<std::string>& history,
                           NameAlphabet alphabet = NameAlphabet::ml_v1);

// The rollback target: the most recent entry that is not the current default (an entry
// equal to it is left over from a promote whose switch failed, or a rollback whose
// bookkeeping failed). Returns its index in `history`, or nullopt.
std::optional<std::size_t> rollback_index(const std::vector<std::string>& history,
                                          const std::string& current_default);

}  // namespace magritte::release
