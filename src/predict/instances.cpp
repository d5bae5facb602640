#include "predict/instances.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "magritte/base64.hpp"

namespace magritte::predict {
namespace {

// Six significant digits: enough to give back every 8-bit value under every preset
// (steps of 1/255 at least), and about half the size of a round-trip representation.
void append_float(std::string& out, float value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 6);
  out.append(buffer, result.ptr);
}

void append_tensor(std::string& out, const std::vector<float>& tensor, int width) {
  const std::size_t row_values = static_cast<std::size_t>(width) * 3;
  out += '[';
  for (std::size_t row = 0; row * row_values < tensor.size(); ++row) {
    if (row > 0) out += ',';
    out += '[';
    for (int x = 0; x < width; ++x) {
      if (x > 0) out += ',';
      const float* p = tensor.data() + row * row_values + static_cast<std::size_t>(x) * 3;
      out += '[';
      append_float(out, p[0]);
      out += ',';
      append_float(out, p[1]);
      out += ',';
      append_float(out, p[2]);
      out += ']';
    }
    out += ']';
  }
  out += ']';
}

}  // namespace

std::string make_instance(const vision::PreprocessedImage& image, RequestFormat format, std::string_view input_key,
                          int width) {
  std::string out = "{" + nlohmann::json(std::string(input_key)).dump() + ":";
  switch (format) {
    case RequestFormat::seed:
      out.reserve(out.size() + base64_size(image.jpeg.size()) + 3);
      out += '"';
      append_base64(out, image.jpeg, Base64Alphabet::url_safe);
      out += '"';
      break;
    case RequestFormat::b64:
      out.reserve(out.size() + base64_size(image.jpeg.size()) + 11);
      out += R"({"b64":")";
      append_base64(out, image.jpeg, Base64Alphabet::standard);
      out += R"("})";
      break;
    case RequestFormat::tensor:
      out.reserve(out.size() + image.tensor.size() * 9);
      append_tensor(out, image.tensor, width);
      break;
  }
  out += '}';
  return out;
}

std::string make_body(const std::vector<std::string>& instances) {
  std::size_t total = 0;
  for (const auto& instance : instances) total += instance.size();
  std::string body;
  body.reserve(body_size(total, instances.size()));
  body += kBodyPrefix;
  for (std::size_t i = 0; i < instances.size(); ++i) {
    if (i > 0) body += ',';
    body += instances[i];
  }
  body += kBodySuffix;
  return body;
}

}  // namespace magritte::predict
