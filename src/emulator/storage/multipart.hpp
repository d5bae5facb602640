// multipart/related bodies of uploadType=multipart: part 1 the object resource (JSON),
// part 2 the content. Python's email generator writes LF line ends and single-quoted
// boundaries (boundary='===============123=='), so both quirks are accepted.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/http.hpp"

namespace magritte::emulator::storage {

struct MultipartPart {
  Headers headers;
  std::string body;
};

// The boundary parameter of a Content-Type, unquoted ('...' or "..." or bare).
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Throws std::invalid_argument when the body is not a well-formed multipart body.
std::vector<MultipartPart> parse_multipart(std::string_view body, std::string_view boundary);

}  // namespace magritte::emulator::storage
