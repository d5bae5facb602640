// Base64 (RFC 4648), the one codec for the whole program: predict's request bodies (standard
// {"b64": ...} and the seed's URL-safe form, encoded straight into the body being built),
// Cloud Storage's md5Hash/crc32c/etags/page tokens, and ml's etags and image instances.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace magritte {

enum class Base64Alphabet { standard, url_safe };  // "+/" or "-_"; both keep '=' padding

constexpr std::size_t base64_size(std::size_t bytes) { return (bytes + 2) / 3 * 4; }

// Appends the encoding of `bytes` to `out` (one resize, then a table lookup per symbol).
void append_base64(std::string& out, std::string_view bytes,
                   Base64Alphabet alphabet = Base64Alphabet::standard);

std::string base64_encode(std::string_view bytes, Base64Alphabet alphabet = Base64Alphabet::standard);

// Accepts both alphabets (what clients send: Python's b64encode and urlsafe_b64encode),
// optional '=' padding, and ignores white space (some encoders wrap lines). nullopt on any
// other character, data after padding, or a length no encoder produces (4n+1 symbols).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace magritte
