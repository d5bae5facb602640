// The boundary to everything that needs OpenCV: image preprocessing (predict) and running
// ONNX models (the emulator's prediction service).
//
// Why a boundary: OpenCV (core, imgproc, dnn) with libjpeg-turbo and libpng costs ~20 ms to
// load, while `magritte train --dry-run` must start in under 20 ms. So the OpenCV code lives
// in a separate module, magritte-vision.so, dlopen'ed by vision::load() only by the commands
// that need it. Nothing else in magritte links OpenCV. The module itself does not link
// OpenCV's imgcodecs (Debian's pulls GDAL and 139 libraries, ~120 ms): it decodes JPEG and
// PNG itself and loads imgcodecs only for the other formats (src/vision/other_formats.hpp).
//
// Errors cross the boundary as values (Status), never as exceptions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace magritte::vision {

struct Status {
  bool ok = true;
  std::string message;  // why it failed, for the user ("not an image", "30000x30000 ...")
};

// How an image becomes a model input (predict.* settings, the model's signature file).
enum class Fit { stretch, center_crop };           // Keras load_img(target_size) = stretch
enum class ColorOrder { rgb, bgr };
enum class Scaling { raw, unit, inception, caffe };  // 0..255, [0,1], [-1,1], BGR mean-subtracted
enum class Layout { nhwc, nchw };

struct PreprocessOptions {
  int width = 299;
  int height = 299;
  Fit fit = Fit::stretch;
  ColorOrder color_order = ColorOrder::rgb;
  int jpeg_quality = 90;
  std::int64_t max_pixels = 100'000'000;  // refuse larger images before decoding (bombs)
  bool want_jpeg = true;                  // produce `jpeg` (seed and b64 request formats)
  bool want_tensor = false;               // produce `tensor` (tensor request format)
  Scaling scaling = Scaling::inception;   // for `tensor`
};

// Where the time went, for the benchmark and `-v`: CPU milliseconds of the calling thread
// (thread CPU time, so other processes competing for the cores do not inflate it).
struct StageTimes {
  double decode_ms = 0;  // header sniffing + decoding (at reduced scale when possible)
  double resize_ms = 0;  // crop + resize + colour order
  double encode_ms = 0;  // JPEG encoding and/or tensor scaling
};

struct PreprocessedImage {
  Status status;
  int source_width = 0;   // as stored in the file (before EXIF orientation)
  int source_height = 0;
  int reduction = 1;      // libjpeg DCT scaling used while decoding: 1, 2, 4 or 8
  int decoded_width = 0;  // after reduced decoding and EXIF orientation, before resizing
  int decoded_height = 0;
  std::string jpeg;               // resized image, JPEG-encoded
  std::vector<float> tensor;      // height*width*3 floats, HWC, scaled, in color_order
  StageTimes times;
};

// One ONNX model loaded for serving; see docs/model-signature.md for the signature file.
struct Signature {
  std::string model_file = "model.onnx";
  std::string input_name;            // ONNX graph input
  std::string instance_key = "inputs";
  std::string output_key = "outputs";
  int width = 0;
  int height = 0;
  Layout layout = Layout::nchw;
  ColorOrder color_order = ColorOrder::rgb;
  Scaling scaling = Scaling::unit;
};

struct Prediction {
  Status status;
  std::vector<float> outputs;  // one score per class
};

class Model {
public:
  virtual ~Model() = default;
  // `image_bytes` is an encoded image (JPEG/PNG); a size other than the signature's is an
  // error (a fixed-shape model refuses it). Thread-safe.
  virtual std::vector<Prediction> predict_images(const std::vector<std::string>& image_bytes) = 0;
  // Already-scaled HWC tensors, height*width*3 each.
  virtual std::vector<Prediction> predict_tensors(const std::vector<std::vector<float>>& tensors) = 0;
};

class Api {
public:
  virtual ~Api() = default;
  virtual PreprocessedImage preprocess(std::string_view file_bytes,
                                       const PreprocessOptions& options) const = 0;
  // Loads <model_dir>/<signature.model_file> with the signature; Status on failure.
  virtual std::unique_ptr<Model> load_model(const std::filesystem::path& model_dir,
                                            const Signature& signature, Status& status) const = 0;
  // Threads OpenCV may use inside one call (cv::setNumThreads; process-wide). predict sets
  // 1: it already runs one image per core, and OpenCV's own pool would only compete.
  virtual void set_num_threads(int threads) const = 0;
};

// The module's one exported symbol: `extern "C" const Api* magritte_vision_api(int abi)`.
// It returns nullptr when `abi` differs from the module's kAbiVersion (a module left over
// from another build), so the loader can say so instead of crashing on a layout mismatch.
inline constexpr const char* kEntryPoint = "magritte_vision_api";
inline constexpr int kAbiVersion = 2;  // bump on any change to the types above
using EntryPoint = const Api* (*)(int abi_version);

// dlopen()s magritte-vision.so once (from $MAGRITTE_VISION_MODULE, else next to the
// executable, else <exe>/../lib/magritte/) and returns its Api. Throws magritte::Error
// (tool_missing) naming the paths tried when it cannot be loaded.
const Api& load();

}  // namespace magritte::vision
