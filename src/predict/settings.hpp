// predict.* settings → the pipeline's options. The config module validates each value
// (choices, ranges, WIDTHxHEIGHT); this only converts them.
#pragma once

#include "magritte/config.hpp"
#include "predict/pipeline.hpp"

namespace magritte::predict {

PipelineOptions pipeline_options(const config::Settings& settings);

// "299x299" → {299, 299}; throws Error(usage) naming the key otherwise.
std::pair<int, int> parse_image_size(const std::string& text, const std::string& where = "predict.image_size");

// Parses --format for predict: table (or text, the global default), json, csv.
OutputFormat parse_output_format(const std::string& text);

}  // namespace magritte::predict
