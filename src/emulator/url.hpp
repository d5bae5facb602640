// Percent-encoding and query strings, as the server and the storage links need them.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace magritte::emulator {

// "%2F" → "/"; in a query ('+' as space) only when form is true. Malformed escapes stay as-is.
std::string percent_decode(std::string_view text, bool form = false);
// Encodes every byte except unreserved ones (A-Z a-z 0-9 - . _ ~), so "a/b c" → "a%2Fb%20c".
std::string percent_encode(std::string_view text);
// "a=1&b=x%20y&c" → {a:1, b:"x y", c:""} (repeated names kept in order).
std::multimap<std::string, std::string> parse_query(std::string_view query);

}  // namespace magritte::emulator
