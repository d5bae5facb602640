// Minimal TIFF IFD0 reader: the EXIF block of a JPEG is a TIFF structure, and TIFF files
// store their size the same way. Bounds-checked: any offset outside `data` is "absent".
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace magritte::vision {

inline constexpr std::uint16_t kTiffImageWidth = 256;
inline constexpr std::uint16_t kTiffImageLength = 257;
inline constexpr std::uint16_t kTiffOrientation = 274;

// `data` starts at the TIFF header ("II*\0" or "MM\0*"). Returns the first value of a
// SHORT or LONG tag of IFD0, or nullopt when the header, the IFD or the tag is missing.
std::optional<std::uint32_t> tiff_ifd0_value(std::string_view data, std::uint16_t tag);

bool is_tiff_header(std::string_view data);

}  // namespace magritte::vision
