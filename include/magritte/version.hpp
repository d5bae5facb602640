#pragma once

namespace magritte {

inline constexpr const char* kVersion = "0.1.0";

}  // namespace magritte
