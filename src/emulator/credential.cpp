#include "emulator/credential.hpp"

#include <openssl/evp.h>

namespace magritte::emulator {

std::string credential_fingerprint(std::string_view authorization) {
  if (authorization.empty()) return {};
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(authorization.data(), authorization.size(), digest, &size, EVP_sha256(), nullptr) != 1) return "?";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < 8 && i < size; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0F];
  }
  const auto space = authorization.find(' ');
  const std::string scheme(authorization.substr(0, space == std::string_view::npos ? 0 : space));
  return (scheme.empty() ? "?" : scheme) + " sha256:" + hex;
}

}  // namespace magritte::emulator
