#include "emulator/gzip.hpp"

#include <zlib.h>

#include <algorithm>

namespace magritte::emulator {

GunzipResult gunzip(std::string_view compressed, std::size_t max_output, std::string& out) {
  z_stream stream{};
  // 15 + 32: a window of 2^15 and automatic gzip/zlib header detection.
  if (inflateInit2(&stream, 15 + 32) != Z_OK) return GunzipResult::malformed;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  out.clear();
  char chunk[64 * 1024];
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof(chunk);
    status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) {
      inflateEnd(&stream);
      return GunzipResult::malformed;
    }
    const std::size_t produced = sizeof(chunk) - stream.avail_out;
    if (out.size() + produced > max_output) {
      inflateEnd(&stream);
      return GunzipResult::too_large;
    }
    out.append(chunk, produced);
    if (status == Z_OK && produced == 0 && stream.avail_in == 0) {
      inflateEnd(&stream);
      return GunzipResult::malformed;  // truncated stream
    }
  }
  inflateEnd(&stream);
  return GunzipResult::ok;
}

}  // namespace magritte::emulator
