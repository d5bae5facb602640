#include "predict/settings.hpp"

#include <charconv>

#include "magritte/error.hpp"

namespace magritte::predict {
namespace {

template <typename Enum>
Enum choose(const config::Settings& settings, const char* key, std::initializer_list<std::pair<const char*, Enum>> choices) {
  const std::string& value = settings.str(key);
  std::string accepted;
  for (const auto& [name, choice] : choices) {
    if (value == name) return choice;
    accepted += (accepted.empty() ? "" : ", ") + std::string(name);
  }
  const auto* setting = settings.find(key);
  throw usage_error(std::string(key) + " is '" + value + "' (" + (setting ? setting->origin.describe() : "") +
                    "); accepted: " + accepted);
}

}  // namespace

std::pair<int, int> parse_image_size(const std::string& text, const std::string& where) {
  const auto x = text.find('x');
  int width = 0;
  int height = 0;
  const char* end = text.data() + text.size();
  const bool ok = x != std::string::npos &&
                  std::from_chars(text.data(), text.data() + x, width).ptr == text.data() + x &&
                  std::from_chars(text.data() + x + 1, end, height).ptr == end && width > 0 && height > 0;
  if (!ok) throw usage_error(where + " is '" + text + "'; accepted: WIDTHxHEIGHT in pixels, like 299x299");
  return {width, height};
}

OutputFormat parse_output_format(const std::string& text) {
  if (text == "table" || text == "text") return OutputFormat::table;
  if (text == "json") return OutputFormat::json;
  if (text == "csv") return OutputFormat::csv;
  throw usage_error("--format is '" + text + "'; predict accepts table (or text), json, csv");
}

PipelineOptions pipeline_options(const config::Settings& settings) {
  PipelineOptions options;
  auto& image = options.image;
  std::tie(image.width, image.height) = parse_image_size(settings.str("predict.image_size"));
  image.fit = choose(settings, "predict.fit", {std::pair{"stretch", vision::Fit::stretch}, {"center-crop", vision::Fit::center_crop}});
  image.color_order = choose(settings, "predict.color_order", {std::pair{"rgb", vision::ColorOrder::rgb}, {"bgr", vision::ColorOrder::bgr}});
  image.jpeg_quality = static_cast<int>(settings.integer("predict.jpeg_quality"));
  image.max_pixels = settings.integer("predict.max_pixels");
  image.scaling = choose(settings, "predict.tensor_scaling",
                         {std::pair{"inception", vision::Scaling::inception}, {"unit", vision::Scaling::unit},
                          {"caffe", vision::Scaling::caffe}});
  options.request_format = choose(settings, "predict.request_format",
                                  {std::pair{"seed", RequestFormat::seed}, {"b64", RequestFormat::b64},
                                   {"tensor", RequestFormat::tensor}});
  image.want_jpeg = options.request_format != RequestFormat::tensor;
  image.want_tensor = options.request_format == RequestFormat::tensor;
  options.input_key = settings.str("predict.input_key");
  options.max_request_bytes = static_cast<std::size_t>(settings.integer("predict.max_request_bytes"));
  options.max_instances = static_cast<std::size_t>(settings.integer("predict.max_instances"));
  options.in_flight = static_cast<int>(settings.integer("predict.in_flight"));
  options.retry.retries = static_cast<int>(settings.integer("predict.retries"));
  options.top = static_cast<int>(settings.integer("predict.top"));
  return options;
}

}  // namespace magritte::predict
