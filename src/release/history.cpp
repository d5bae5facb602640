#include "release/history.hpp"

#include <algorithm>

namespace magritte::release {
namespace {

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string history_key(std::size_t position) {
  return std::string(kHistoryLabelPrefix) + std::to_string(position);
}

char escape_of(NameAlphabet alphabet) { return alphabet == NameAlphabet::ml_v1 ? '-' : '_'; }
char plain_of(NameAlphabet alphabet) { return alphabet == NameAlphabet::ml_v1 ? '_' : '-'; }

}  // namespace

std::optional<std::string> encode_version_label(std::string_view version, NameAlphabet alphabet) {
  std::string encoded;
  for (char c : version) {
    if (is_upper(c)) {
      encoded += escape_of(alphabet);
      encoded += static_cast<char>(c - 'A' + 'a');
    } else {
      encoded += c;
    }
  }
  if (encoded.empty() || encoded.size() > kMaxLabelValue) return std::nullopt;
  return encoded;
}

std::optional<std::string> decode_version_label(std::string_view value, NameAlphabet alphabet) {
  std::string version;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == escape_of(alphabet)) {
      if (i + 1 >= value.size() || !is_lower(value[i + 1])) return std::nullopt;
      version += static_cast<char>(value[++i] - 'a' + 'A');
    } else if (is_lower(c) || is_digit(c) || c == plain_of(alphabet)) {
      version += c;
    } else {
      return std::nullopt;
    }
  }
  // A version name starts with a letter.
  if (version.empty() || !(is_lower(version.front()) || is_upper(version.front()))) return std::nullopt;
  return version;
}

std::vector<std::string> read_history(const Labels& labels, NameAlphabet alphabet) {
  std::vector<std::string> history;
  for (std::size_t position = 1;; ++position) {
    const auto found = labels.find(history_key(position));
    if (found == labels.end()) break;
    const auto version = decode_version_label(found->second, alphabet);
    if (!version) break;
    history.push_back(*version);
  }
  return history;
}

std::vector<std::string> push_previous(std::vector<std::string> history, const std::string& outgoing,
                                       std::size_t limit) {
  history.erase(std::remove(history.begin(), history.end(), outgoing), history.end());
  history.insert(history.begin(), outgoing);
  if (history.size() > limit) history.resize(limit);
  return history;
}

LabelChange history_change(const Labels& current_labels, const std::vector<std::string>& history,
                           NameAlphabet alphabet) {
  Labels wanted;
  for (std::size_t i = 0; i < history.size(); ++i) {
    wanted[history_key(i + 1)] = encode_version_label(history[i], alphabet).value_or("");
  }
  LabelChange change;
  for (const auto& [key, value] : wanted) {
    const auto found = current_labels.find(key);
    if (found == current_labels.end() || found->second != value) change.update[key] = value;
  }
  for (const auto& [key, value] : current_labels) {
    if (key.starts_with(kHistoryLabelPrefix) && wanted.count(key) == 0) change.remove.push_back(key);
  }
  return change;
}

std::optional<std::size_t> rollback_index(const std::vector<std::string>& history,
                                          const std::string& current_default) {
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (history[i] != current_default) return i;
  }
  return std::nullopt;
}

}  // namespace magritte::release
