// Base64 as the ml API uses it: etags (standard alphabet) and image instances, which arrive
// in the standard or the URL-safe alphabet, with or without padding.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace magritte::emulator::ml {

std::string base64_encode(std::string_view bytes);
// Accepts both alphabets ("+/" and "-_"), optional '=' padding, and ignores whitespace and
// newlines (some encoders wrap lines); nullopt on any other character or a bad length.
std::optional<std::string> base64_decode(std::string_view text);

// A fresh opaque etag: base64 of 8 bytes that change with every call.
std::string new_etag();

}  // namespace magritte::emulator::ml
