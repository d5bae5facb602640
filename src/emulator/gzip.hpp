// Request bodies sent with Content-Encoding: gzip (`gsutil -J` compresses every upload).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace magritte::emulator {

enum class GunzipResult { ok, malformed, too_large };

// Inflates a gzip (or zlib) stream into `out`; stops with too_large past max_output bytes,
// so a small bomb cannot exhaust memory.
GunzipResult gunzip(std::string_view compressed, std::size_t max_output, std::string& out);

}  // namespace magritte::emulator
