#include "config/formats.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "magritte/duration.hpp"

namespace magritte::config::formats {
namespace {

using Problem = std::optional<std::string>;

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return is_lower(c) || (c >= 'A' && c <= 'Z'); }

std::string quoted(char c) { return std::string("'") + c + "'"; }

// Letter first, then letters, digits and underscores: AI Platform model, version and job ids.
Problem identifier(std::string_view value, std::size_t max_length) {
  if (value.empty()) return "is empty";
  if (!is_letter(value.front())) return "must start with a letter";
  for (char c : value) {
    if (!is_letter(c) && !is_digit(c) && c != '_') {
      return "contains " + quoted(c) + "; only letters, digits and underscores are accepted";
    }
  }
  if (value.size() > max_length) {
    return "is " + std::to_string(value.size()) + " characters long; at most " +
           std::to_string(max_length) + " are accepted";
  }
  return std::nullopt;
}

Problem check_model_name(std::string_view value) { return identifier(value, 128); }
Problem check_job_name(std::string_view value) { return identifier(value, 128); }

// Project ids: 6 to 30 lowercase letters, digits or hyphens, letter first, no trailing
// hyphen; legacy domain-scoped ids ("example.com:my-project") are accepted too.
Problem check_project_id(std::string_view value) {
  const auto colon = value.rfind(':');
  const std::string_view id = colon == std::string_view::npos ? value : value.substr(colon + 1);
  const bool ok = id.size() >= 6 && id.size() <= 30 && is_lower(id.front()) && id.back() != '-' &&
                  std::all_of(id.begin(), id.end(),
                              [](char c) { return is_lower(c) || is_digit(c) || c == '-'; });
  if (ok) return std::nullopt;
  return "must be a project ID: 6 to 30 lowercase letters, digits or hyphens, starting with a "
         "letter (the ID, not the display name)";
}

Problem check_region(std::string_view value) {
  std::size_t i = 0;
  auto run = [&](bool (*pred)(char)) {
    const std::size_t start = i;
    while (i < value.size() && pred(value[i])) ++i;
    return i > start;
  };
  const bool ok = run(is_lower) && i < value.size() && value[i++] == '-' && run(is_lower) &&
                  run(is_digit) && i == value.size();
  if (ok) return std::nullopt;
  return "must be a region like us-central1 or europe-west1";
}

bool is_ipv4(std::string_view name) {
  int parts = 0;
  for (std::size_t start = 0; start <= name.size(); ++parts) {
    const std::size_t dot = std::min(name.find('.', start), name.size());
    const std::string_view part = name.substr(start, dot - start);
    int number = 0;
    auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), number);
    if (part.empty() || error != std::errc() || end != part.data() + part.size()) return false;
    start = dot + 1;
  }
  return parts == 4;
}

// https://cloud.google.com/storage/docs/buckets#naming
Problem check_bucket_name(std::string_view value) {
  if (value.starts_with("gs://")) {
    return "is a URI; write the bucket name without gs:// ('" +
           std::string(value.substr(5, value.find('/', 5) - 5)) + "')";
  }
  for (char c : value) {
    if (!is_lower(c) && !is_digit(c) && c != '-' && c != '_' && c != '.') {
      return "contains " + quoted(c) +
             "; bucket names use lowercase letters, digits, '-', '_' and '.'";
    }
  }
  const auto alnum = [](char c) { return is_lower(c) || is_digit(c); };
  if (value.empty()) return "is empty";
  if (!alnum(value.front()) || !alnum(value.back())) {
    return "must start and end with a lowercase letter or a digit";
  }
  const bool dotted = value.find('.') != std::string_view::npos;
  if (value.size() < 3 || value.size() > (dotted ? 222u : 63u)) {
    return "must be 3 to 63 characters long (222 with dots)";
  }
  for (std::size_t start = 0; start <= value.size();) {
    const std::size_t dot = std::min(value.find('.', start), value.size());
    if (dot - start > 63 || dot == start)
      return "has a dot-separated part that is empty or over 63";
    start = dot + 1;
  }
  if (is_ipv4(value)) return "must not be an IP address";
  if (value.starts_with("goog") || value.find("google") != std::string_view::npos) {
    return "must not start with 'goog' or contain 'google'";
  }
  return std::nullopt;
}

Problem check_gs_uri(std::string_view value) {
  if (!value.starts_with("gs://")) return "must be a gs://BUCKET[/path] URI";
  const std::string_view rest = value.substr(5);
  const std::string_view bucket = rest.substr(0, rest.find('/'));
  if (bucket.empty()) return "must name a bucket: gs://BUCKET[/path]";
  if (auto problem = check_bucket_name(bucket)) return "has a bad bucket name: " + *problem;
  return std::nullopt;
}

Problem check_path_or_gs_uri(std::string_view value) {
  if (value.starts_with("gs:")) return check_gs_uri(value);
  return std::nullopt;
}

// "299x299": two positive integers, at most 8192 each (far beyond any model input).
Problem check_image_size(std::string_view value) {
  const auto x = value.find('x');
  auto positive = [](std::string_view digits) {
    int number = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    return !digits.empty() && error == std::errc() && end == digits.data() + digits.size() &&
           number >= 1 && number <= 8192;
  };
  if (x != std::string_view::npos && positive(value.substr(0, x)) &&
      positive(value.substr(x + 1))) {
    return std::nullopt;
  }
  return "must be WIDTHxHEIGHT in pixels, like 299x299 (1 to 8192 each)";
}

// https://cloud.google.com/resource-manager/docs/labels-overview#requirements
Problem label_text(std::string_view value, bool is_key) {
  if (is_key && (value.empty() || !is_lower(value.front()))) {
    return "must start with a lowercase letter";
  }
  if (value.size() > 63) return "is longer than 63 characters";
  for (char c : value) {
    if (!is_lower(c) && !is_digit(c) && c != '-' && c != '_') {
      return "contains " + quoted(c) + "; labels use lowercase letters, digits, '-' and '_'";
    }
  }
  return std::nullopt;
}

// "0" means no limit, so it is a duration too.
Problem check_duration(std::string_view value) {
  if (parse_duration(value)) return std::nullopt;
  return std::string("must be ") + kDurationSyntax;
}

// Vertex AI display names: 1 to 128 UTF-8 characters, no control characters.
Problem check_display_name(std::string_view value) {
  std::size_t characters = 0;
  for (const unsigned char c : value) {
    if (c < 0x20 || c == 0x7f) return "contains a control character";
    if ((c & 0xC0) != 0x80) ++characters;  // not a UTF-8 continuation byte
  }
  if (characters > 128) return "is " + std::to_string(characters) + " characters long; at most 128 are accepted";
  return std::nullopt;
}

Problem check_label_key(std::string_view value) { return label_text(value, true); }
Problem check_label_value(std::string_view value) { return label_text(value, false); }

}  // namespace

const StringFormat project_id{"a project ID like my-project-123", check_project_id};
const StringFormat region{"a region like us-central1", check_region};
const StringFormat bucket_name{"a bucket name without gs://", check_bucket_name};
const StringFormat gs_uri{"a gs://BUCKET[/path] URI", check_gs_uri};
const StringFormat path_or_gs_uri{"a local path or a gs:// URI", check_path_or_gs_uri};
const StringFormat model_name{"a letter, then letters, digits or underscores (at most 128)",
                              check_model_name};
const StringFormat job_name{"a letter, then letters, digits or underscores (at most 128)",
                            check_job_name};
const StringFormat display_name{"at most 128 characters", check_display_name};
const StringFormat image_size{"WIDTHxHEIGHT, like 299x299", check_image_size};
const StringFormat label_key{"lowercase letters, digits, '-', '_'; letter first", check_label_key};
const StringFormat label_value{"lowercase letters, digits, '-', '_'", check_label_value};
const StringFormat duration{"a duration like 90s, 15m, 2h or 1h30m", check_duration};

}  // namespace magritte::config::formats
