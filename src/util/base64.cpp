#include "magritte/base64.hpp"

#include <array>
#include <cstdint>

namespace magritte {
namespace {

constexpr char kStandard[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrlSafe[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::int8_t kInvalid = -1;
constexpr std::int8_t kSpace = -2;
constexpr std::int8_t kPad = -3;

// Symbol value for each byte: both alphabets decode, white space is skipped, '=' pads.
constexpr std::array<std::int8_t, 256> make_decode_table() {
  std::array<std::int8_t, 256> table{};
  table.fill(kInvalid);
  for (int i = 0; i < 64; ++i) {
    table[static_cast<unsigned char>(kStandard[i])] = static_cast<std::int8_t>(i);
    table[static_cast<unsigned char>(kUrlSafe[i])] = static_cast<std::int8_t>(i);
  }
  for (char c : {' ', '\n', '\r', '\t'}) table[static_cast<unsigned char>(c)] = kSpace;
  table['='] = kPad;
  return table;
}

constexpr auto kDecode = make_decode_table();

}  // namespace

void append_base64(std::string& out, std::string_view bytes, Base64Alphabet alphabet) {
  const char* table = alphabet == Base64Alphabet::standard ? kStandard : kUrlSafe;
  const std::size_t start = out.size();
  out.resize(start + base64_size(bytes.size()));
  char* dest = out.data() + start;
  const auto* src = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned v = src[i] << 16 | src[i + 1] << 8 | src[i + 2];
    *dest++ = table[v >> 18];
    *dest++ = table[(v >> 12) & 63];
    *dest++ = table[(v >> 6) & 63];
    *dest++ = table[v & 63];
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    const unsigned v = src[i] << 16 | (rest == 2 ? src[i + 1] << 8 : 0);
    *dest++ = table[v >> 18];
    *dest++ = table[(v >> 12) & 63];
    *dest++ = rest == 2 ? table[(v >> 6) & 63] : '=';
    *dest++ = '=';
  }
}

std::string base64_encode(std::string_view bytes, Base64Alphabet alphabet) {
  std::string out;
  append_base64(out, bytes, alphabet);
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  std::uint32_t buffer = 0;
  int bits = 0;
  std::size_t symbols = 0;
  bool padding = false;
  for (const char c : text) {
    const std::int8_t value = kDecode[static_cast<unsigned char>(c)];
    if (value == kSpace) continue;
    if (value == kPad) {
      padding = true;
      continue;
    }
    if (value == kInvalid || padding) return std::nullopt;  // no data after padding
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    ++symbols;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  if (symbols % 4 == 1) return std::nullopt;  // 6 bits cannot end a byte
  return out;
}

}  // namespace magritte
