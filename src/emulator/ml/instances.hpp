// The instances of a predict request, checked against the version's signature and turned
// into what the vision module runs: encoded images or already-scaled HWC tensors.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "magritte/vision.hpp"

namespace magritte::emulator::ml {

// Accepted per instance (key = signature.instance_key):
//   {"<key>": "<base64 image>"}            the seed's form (URL-safe or standard alphabet)
//   {"<key>": {"b64": "<base64 image>"}}   Google's standard form for binary inputs
//   {"<key>": [[[r, g, b], ...], ...]}     a height x width x 3 tensor, already scaled
// and the same values as bare instances when the instance is not an object.
using Instance = std::variant<std::string /* image bytes */, std::vector<float> /* HWC */>;

// Throws ApiError 400 INVALID_ARGUMENT naming the instance (by index) and what is wrong:
// missing key, bad base64, an image or tensor whose size is not the signature's.
std::vector<Instance> decode_instances(const nlohmann::json& instances,
                                       const vision::Signature& signature);

}  // namespace magritte::emulator::ml
