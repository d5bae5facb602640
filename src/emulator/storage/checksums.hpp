// The digests Cloud Storage reports: md5Hash and crc32c (base64 of the big-endian CRC32C),
// which gsutil and gcloud compare with the local file after every upload and in rsync.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace magritte::emulator::storage {

// CRC-32C (Castagnoli), slicing-by-8. Continue a running value by passing it back in.
std::uint32_t crc32c(std::string_view data, std::uint32_t crc = 0);
std::string crc32c_base64(std::uint32_t crc);  // base64 of the 4 big-endian bytes
std::string md5_base64(std::string_view data);

// 128 random bits as 32 hex digits (upload ids, blob names).
std::string random_hex_id();
// SHA-256 as 64 hex digits (file names for object metadata, derived from the object name).
std::string sha256_hex(std::string_view data);

}  // namespace magritte::emulator::storage
