// Small text helpers shared by the config loader, predict, the CLI and the emulator.
#pragma once

#include <string>
#include <string_view>

namespace magritte {

// `text` without leading and trailing white space (std::isspace: space, \t, \r, \n, \v, \f).
std::string_view trim_space(std::string_view text);

// `text` with A-Z made a-z; other bytes (UTF-8 included) unchanged, whatever the locale.
std::string ascii_lower(std::string_view text);

}  // namespace magritte
