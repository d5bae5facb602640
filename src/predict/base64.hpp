// Base64 for request bodies: standard (the {"b64": ...} form) and URL-safe (the seed's
// base64.urlsafe_b64encode, padding kept), encoded straight into the body being built.
#pragma once

#include <string>
#include <string_view>

namespace magritte::predict {

enum class Base64Alphabet { standard, url_safe };

constexpr std::size_t base64_size(std::size_t bytes) { return (bytes + 2) / 3 * 4; }

// Appends the encoding of `bytes` to `out`.
void append_base64(std::string& out, std::string_view bytes, Base64Alphabet alphabet);

std::string base64(std::string_view bytes, Base64Alphabet alphabet = Base64Alphabet::standard);

}  // namespace magritte::predict
