// What the request log keeps of a request's credentials: the scheme and a fingerprint,
// never the secret itself. Tests use it to prove that a client sent its bearer token
// (they compare fingerprints) while checking that the token appears in no output or log.
#pragma once

#include <string>
#include <string_view>

namespace magritte::emulator {

// "" without an Authorization header; else "<scheme> sha256:<first 16 hex digits of the
// SHA-256 of the whole header value>", e.g. "Bearer sha256:9f86d081884c7d65".
std::string credential_fingerprint(std::string_view authorization);

}  // namespace magritte::emulator
