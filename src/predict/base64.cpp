#include "predict/base64.hpp"

namespace magritte::predict {
namespace {

constexpr char kStandard[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrlSafe[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

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

std::string base64(std::string_view bytes, Base64Alphabet alphabet) {
  std::string out;
  append_base64(out, bytes, alphabet);
  return out;
}

}  // namespace magritte::predict
