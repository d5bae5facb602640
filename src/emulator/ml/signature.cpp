#include "emulator/ml/signature.hpp"

#include <nlohmann/json.hpp>

namespace magritte::emulator::ml {

namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& message) {
  throw std::invalid_argument(std::string(kSignatureFile) + ": " + message);
}

std::string text_field(const json& document, const char* name, std::string fallback,
                       bool required = false) {
  if (!document.contains(name)) {
    if (required) bad(std::string("missing required field \"") + name + "\"");
    return fallback;
  }
  const auto& value = document[name];
  if (!value.is_string() || value.get<std::string>().empty()) {
    bad(std::string("field \"") + name + "\" must be a non-empty string, not " + value.dump());
  }
  return value.get<std::string>();
}

int size_field(const json& document, const char* name) {
  if (!document.contains(name)) bad(std::string("missing required field \"") + name + "\"");
  const auto& value = document[name];
  if (!value.is_number_integer() || value.get<long long>() <= 0 ||
      value.get<long long>() > 100'000) {
    bad(std::string("field \"") + name + "\" must be a positive integer (pixels), not " +
        value.dump());
  }
  return value.get<int>();
}

template <typename Enum>
Enum enum_field(const json& document, const char* name, Enum fallback,
                std::initializer_list<std::pair<const char*, Enum>> choices) {
  if (!document.contains(name)) return fallback;
  const auto& value = document[name];
  std::string accepted;
  for (const auto& [text, choice] : choices) {
    if (value.is_string() && value.get<std::string>() == text) return choice;
    accepted += accepted.empty() ? "" : ", ";
    accepted += text;
  }
  bad(std::string("field \"") + name + "\" is " + value.dump() + "; accepted (case-sensitive): " +
      accepted);
}

}  // namespace

ParsedSignature parse_signature(std::string_view json_text) {
  const json document = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (!document.is_object()) bad("not a JSON object");
  const std::string format = text_field(document, "format", "", /*required=*/true);
  if (format != kSignatureFormat) {
    bad("unsupported format \"" + format + "\"; this emulator reads \"" +
        std::string(kSignatureFormat) + "\"");
  }
  ParsedSignature parsed;
  vision::Signature& signature = parsed.signature;
  signature.model_file = text_field(document, "model_file", "model.onnx");
  if (signature.model_file.find('/') != std::string::npos || signature.model_file == ".." ||
      signature.model_file == ".") {
    bad("field \"model_file\" must be a plain file name next to signature.json, not \"" +
        signature.model_file + "\"");
  }
  signature.input_name = text_field(document, "input_name", "", /*required=*/true);
  signature.instance_key = text_field(document, "instance_key", "inputs");
  signature.output_key = text_field(document, "output_key", "outputs");
  signature.width = size_field(document, "width");
  signature.height = size_field(document, "height");
  signature.layout = enum_field(document, "layout", vision::Layout::nchw,
                                {{"NCHW", vision::Layout::nchw}, {"NHWC", vision::Layout::nhwc}});
  signature.color_order =
      enum_field(document, "color_order", vision::ColorOrder::rgb,
                 {{"RGB", vision::ColorOrder::rgb}, {"BGR", vision::ColorOrder::bgr}});
  signature.scaling = enum_field(document, "scaling", vision::Scaling::unit,
                                 {{"raw", vision::Scaling::raw},
                                  {"unit", vision::Scaling::unit},
                                  {"inception", vision::Scaling::inception},
                                  {"caffe", vision::Scaling::caffe}});
  if (document.contains("labels")) {
    const auto& labels = document["labels"];
    if (!labels.is_array()) bad("field \"labels\" must be an array of strings");
    for (const auto& label : labels) {
      if (!label.is_string()) bad("field \"labels\" must be an array of strings");
      parsed.labels.push_back(label.get<std::string>());
    }
  }
  return parsed;
}

}  // namespace magritte::emulator::ml
