// Cloud Storage naming rules, plus the emulator's own safety rules: an object name can never
// address a file outside the data dir (names are hashed into file names anyway, but names
// that look like paths escaping a directory are refused outright, with a clear message).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace magritte::emulator::storage {

// nullopt when valid, else why not (for a 400 "invalid" error).
std::optional<std::string> bucket_name_problem(std::string_view name);
std::optional<std::string> object_name_problem(std::string_view name);

bool is_valid_utf8(std::string_view text);

}  // namespace magritte::emulator::storage
