// An ONNX model served with OpenCV's dnn module (the emulator's prediction service).
#pragma once

#include <filesystem>
#include <memory>

#include "magritte/vision.hpp"

namespace magritte::vision {

// Reads <model_dir>/<signature.model_file>; nullptr and a Status on failure.
std::unique_ptr<Model> load_onnx_model(const std::filesystem::path& model_dir, const Signature& signature,
                                       Status& status);

}  // namespace magritte::vision
