// Instances of a projects.predict request, serialized once, in the configured format:
//   seed    {"<key>": "<urlsafe base64 JPEG>"}        what the seed's model expects
//   b64     {"<key>": {"b64": "<base64 JPEG>"}}        Google's standard form for binary data
//   tensor  {"<key>": [[[r, g, b], ...], ...]}         floats [height][width][3], scaled
// The request body is {"instances":[i1,i2,...]}: its size is known exactly from the
// instances' sizes, which is what batching by bytes needs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "magritte/vision.hpp"

namespace magritte::predict {

enum class RequestFormat { seed, b64, tensor };

// The serialized instance. Uses image.jpeg (seed, b64) or image.tensor (tensor, laid out
// height x width x 3 with the given width).
std::string make_instance(const vision::PreprocessedImage& image, RequestFormat format, std::string_view input_key,
                          int width);

inline constexpr std::string_view kBodyPrefix = R"({"instances":[)";
inline constexpr std::string_view kBodySuffix = "]}";

// Size of the body holding instances of these sizes: prefix, suffix and one comma between each two.
constexpr std::size_t body_size(std::size_t instance_bytes_total, std::size_t count) {
  return kBodyPrefix.size() + kBodySuffix.size() + instance_bytes_total + (count > 0 ? count - 1 : 0);
}

std::string make_body(const std::vector<std::string>& instances);

}  // namespace magritte::predict
