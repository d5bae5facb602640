// signature.json (docs/model-signature.md) → vision::Signature.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "magritte/vision.hpp"

namespace magritte::emulator::ml {

inline constexpr std::string_view kSignatureFile = "signature.json";
inline constexpr std::string_view kSignatureFormat = "magritte-onnx-signature/1";

struct ParsedSignature {
  vision::Signature signature;
  std::vector<std::string> labels;  // informational; empty when absent
};

// Throws std::invalid_argument naming the bad field, its value and what is accepted.
ParsedSignature parse_signature(std::string_view json_text);

}  // namespace magritte::emulator::ml
