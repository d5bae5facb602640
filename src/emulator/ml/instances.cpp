#include "emulator/ml/instances.hpp"

#include "emulator/ml/api_error.hpp"
#include "magritte/base64.hpp"
#include "emulator/ml/image_size.hpp"

namespace magritte::emulator::ml {

namespace {

[[noreturn]] void refuse(std::size_t index, const std::string& what) {
  throw invalid_argument("Prediction failed: instance " + std::to_string(index) + ": " + what);
}

std::string size_text(int width, int height) {
  return std::to_string(width) + "x" + std::to_string(height);
}

std::string decode_image(std::size_t index, const std::string& text,
                         const vision::Signature& signature) {
  auto bytes = base64_decode(text);
  if (!bytes || bytes->empty()) {
    refuse(index, "\"" + signature.instance_key + "\" is not valid base64 (" +
                      std::to_string(text.size()) + " characters); send the image bytes in "
                      "URL-safe or standard base64.");
  }
  const auto size = image_size(*bytes);
  if (size && (size->width != signature.width || size->height != signature.height)) {
    refuse(index, "the image is " + size_text(size->width, size->height) +
                      " (width x height) but the model's input is " +
                      size_text(signature.width, signature.height) +
                      "; resize images to the model's size before sending them.");
  }
  return std::move(*bytes);
}

std::vector<float> decode_tensor(std::size_t index, const nlohmann::json& rows,
                                 const vision::Signature& signature) {
  const std::string expected = std::to_string(signature.height) + " rows of " +
                               std::to_string(signature.width) + " pixels of 3 numbers";
  auto wrong_shape = [&] { refuse(index, "the tensor must be " + expected + " (HWC)."); };
  if (!rows.is_array() || static_cast<int>(rows.size()) != signature.height) wrong_shape();
  std::vector<float> tensor;
  tensor.reserve(static_cast<std::size_t>(signature.width) * signature.height * 3);
  for (const auto& row : rows) {
    if (!row.is_array() || static_cast<int>(row.size()) != signature.width) wrong_shape();
    for (const auto& pixel : row) {
      if (!pixel.is_array() || pixel.size() != 3) wrong_shape();
      for (const auto& channel : pixel) {
        if (!channel.is_number()) wrong_shape();
        tensor.push_back(channel.get<float>());
      }
    }
  }
  return tensor;
}

Instance decode_value(std::size_t index, const nlohmann::json& value,
                      const vision::Signature& signature) {
  if (value.is_string()) return decode_image(index, value.get<std::string>(), signature);
  if (value.is_object() && value.contains("b64") && value["b64"].is_string()) {
    return decode_image(index, value["b64"].get<std::string>(), signature);
  }
  if (value.is_array()) return decode_tensor(index, value, signature);
  refuse(index, "\"" + signature.instance_key + "\" must be a base64 image string, "
                "{\"b64\": \"<base64 image>\"} or a height x width x 3 array of numbers.");
}

}  // namespace

std::vector<Instance> decode_instances(const nlohmann::json& instances,
                                       const vision::Signature& signature) {
  if (!instances.is_array() || instances.empty()) {
    throw invalid_argument("Invalid request: the body must be {\"instances\": [...]} with at "
                           "least one instance.");
  }
  std::vector<Instance> decoded;
  decoded.reserve(instances.size());
  for (std::size_t index = 0; index < instances.size(); ++index) {
    const auto& instance = instances[index];
    if (!instance.is_object() || instance.contains("b64")) {
      decoded.push_back(decode_value(index, instance, signature));
      continue;
    }
    if (!instance.contains(signature.instance_key)) {
      std::string keys;
      for (const auto& [key, value] : instance.items()) keys += (keys.empty() ? "" : ", ") + key;
      refuse(index, "no \"" + signature.instance_key + "\" key (the model's instance key); got {" +
                        keys + "}.");
    }
    decoded.push_back(decode_value(index, instance[signature.instance_key], signature));
  }
  return decoded;
}

}  // namespace magritte::emulator::ml
