#include "vision/onnx_model.hpp"

#include <mutex>

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include "vision/decode.hpp"
#include "vision/image_header.hpp"
#include "vision/scaling.hpp"

namespace magritte::vision {
namespace {

std::string size_text(int width, int height) { return std::to_string(width) + "x" + std::to_string(height); }

class OnnxModel : public Model {
public:
  OnnxModel(cv::dnn::Net net, Signature signature) : net_(std::move(net)), signature_(std::move(signature)) {}

  std::vector<Prediction> predict_images(const std::vector<std::string>& image_bytes) override {
    std::vector<Prediction> predictions(image_bytes.size());
    std::vector<std::vector<float>> tensors;
    std::vector<std::size_t> tensor_owner;  // index of the image each tensor came from
    for (std::size_t i = 0; i < image_bytes.size(); ++i) {
      std::vector<float> tensor;
      predictions[i].status = image_to_tensor(image_bytes[i], tensor);
      if (!predictions[i].status.ok) continue;
      tensors.push_back(std::move(tensor));
      tensor_owner.push_back(i);
    }
    std::vector<Prediction> computed = predict_tensors(tensors);
    for (std::size_t k = 0; k < computed.size(); ++k) predictions[tensor_owner[k]] = std::move(computed[k]);
    return predictions;
  }

  std::vector<Prediction> predict_tensors(const std::vector<std::vector<float>>& tensors) override {
    std::vector<Prediction> predictions(tensors.size());
    const std::size_t expected = static_cast<std::size_t>(signature_.width) * signature_.height * 3;
    std::vector<const std::vector<float>*> batch;
    std::vector<std::size_t> owner;
    for (std::size_t i = 0; i < tensors.size(); ++i) {
      if (tensors[i].size() != expected) {
        predictions[i].status = {false, "tensor has " + std::to_string(tensors[i].size()) + " values, the model expects " +
                                            size_text(signature_.width, signature_.height) + "x3 = " +
                                            std::to_string(expected)};
        continue;
      }
      batch.push_back(&tensors[i]);
      owner.push_back(i);
    }
    if (batch.empty()) return predictions;
    std::vector<std::vector<float>> outputs;
    const Status status = forward(batch, outputs);
    for (std::size_t k = 0; k < owner.size(); ++k) {
      predictions[owner[k]].status = status;
      if (status.ok) predictions[owner[k]].outputs = std::move(outputs[k]);
    }
    return predictions;
  }

private:
  // Decodes like a TensorFlow serving input function would: any size other than the
  // model's fixed input is refused, not resized.
  Status image_to_tensor(const std::string& bytes, std::vector<float>& tensor) const {
    const HeaderResult header = read_image_header(bytes);
    if (!header.ok) return {false, "cannot decode the image: " + header.error};
    // Refused before decoding when no orientation could give the model's size: a 30000x30000
    // PNG is 90 bytes of request and 2.7 GB decoded.
    const ImageHeader& size = header.header;
    const bool may_fit = (size.width == signature_.width && size.height == signature_.height) ||
                         (size.height == signature_.width && size.width == signature_.height);
    if (!may_fit) {
      return {false, "image is " + size_text(size.oriented_width(), size.oriented_height()) + ", the model expects " +
                         size_text(signature_.width, signature_.height)};
    }
    cv::Mat bgr;
    if (Status decoded = decode_bgr(bytes, header.header, 1, bgr); !decoded.ok) return decoded;
    if (bgr.cols != signature_.width || bgr.rows != signature_.height) {
      return {false, "image is " + size_text(bgr.cols, bgr.rows) + ", the model expects " +
                         size_text(signature_.width, signature_.height)};
    }
    cv::Mat ordered = bgr;
    if (signature_.color_order == ColorOrder::rgb) cv::cvtColor(bgr, ordered, cv::COLOR_BGR2RGB);
    if (!ordered.isContinuous()) ordered = ordered.clone();
    tensor.resize(ordered.total() * 3);
    scale_pixels(ordered.ptr<std::uint8_t>(), ordered.total(), signature_.color_order, signature_.scaling,
                 tensor.data());
    return {};
  }

  // Packs HWC tensors as one NHWC or NCHW blob and runs the network once.
  cv::Mat make_blob(const std::vector<const std::vector<float>*>& batch) const {
    const int n = static_cast<int>(batch.size());
    const int h = signature_.height;
    const int w = signature_.width;
    const std::size_t plane = static_cast<std::size_t>(h) * w;
    if (signature_.layout == Layout::nhwc) {
      const int shape[] = {n, h, w, 3};
      cv::Mat blob(4, shape, CV_32F);
      auto* out = blob.ptr<float>();
      for (int i = 0; i < n; ++i) std::copy(batch[i]->begin(), batch[i]->end(), out + i * plane * 3);
      return blob;
    }
    const int shape[] = {n, 3, h, w};
    cv::Mat blob(4, shape, CV_32F);
    auto* out = blob.ptr<float>();
    for (int i = 0; i < n; ++i) {
      const float* in = batch[i]->data();
      float* sample = out + i * plane * 3;
      for (std::size_t p = 0; p < plane; ++p) {
        for (int c = 0; c < 3; ++c) sample[c * plane + p] = in[p * 3 + c];
      }
    }
    return blob;
  }

  // One image per forward pass, always. OpenCV's dnn re-allocates every layer's buffers
  // whenever the input shape changes, so batches of varying sizes (8, then 4, then 8...)
  // cost far more than they save: a 20-image predict measured 10-14 ms of emulator CPU per
  // image batched, mostly page faults on fresh buffers, against 5.6 ms one at a time. It
  // also serves graphs whose batch dimension is fixed to 1.
  Status forward(const std::vector<const std::vector<float>*>& batch, std::vector<std::vector<float>>& outputs) {
    for (const auto* tensor : batch) {
      if (Status status = forward_batch({tensor}, outputs); !status.ok) return status;
    }
    return {};
  }

  Status forward_batch(const std::vector<const std::vector<float>*>& batch, std::vector<std::vector<float>>& outputs) {
    const cv::Mat blob = make_blob(batch);
    cv::Mat result;
    try {
      // cv::dnn::Net is not safe for concurrent use: one forward pass at a time.
      const std::lock_guard lock(mutex_);
      net_.setInput(blob, signature_.input_name);
      result = net_.forward().clone();
    } catch (const cv::Exception& e) {
      return {false, "the model failed: " + e.err};
    }
    const std::size_t n = batch.size();
    if (result.total() % n != 0 || result.depth() != CV_32F) {
      return {false, "the model returned " + std::to_string(result.total()) + " values for " + std::to_string(n) +
                         " inputs"};
    }
    const std::size_t per_sample = result.total() / n;
    const auto* values = result.ptr<float>();
    for (std::size_t i = 0; i < n; ++i) outputs.emplace_back(values + i * per_sample, values + (i + 1) * per_sample);
    return {};
  }

  std::mutex mutex_;
  cv::dnn::Net net_;
  Signature signature_;
};

}  // namespace

std::unique_ptr<Model> load_onnx_model(const std::filesystem::path& model_dir, const Signature& signature,
                                       Status& status) {
  const std::filesystem::path file = model_dir / signature.model_file;
  if (signature.width <= 0 || signature.height <= 0) {
    status = {false, "invalid model input size " + size_text(signature.width, signature.height) + " in the signature"};
    return nullptr;
  }
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) {
    status = {false, "model file " + file.string() + " not found"};
    return nullptr;
  }
  try {
    cv::dnn::Net net = cv::dnn::readNetFromONNX(file.string());
    if (net.empty()) throw cv::Exception(0, "empty network", "readNetFromONNX", __FILE__, __LINE__);
    status = {};
    return std::make_unique<OnnxModel>(std::move(net), signature);
  } catch (const cv::Exception& e) {
    status = {false, "cannot load " + file.string() + ": " + e.err};
    return nullptr;
  }
}

}  // namespace magritte::vision
