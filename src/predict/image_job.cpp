#include "predict/image_job.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace magritte::predict {
namespace {

bool read_file(const std::string& path, std::string& bytes, std::string& error) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    error = "cannot read the file: " + std::string(std::strerror(errno));
    return false;
  }
  bytes.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  if (file.bad()) {
    error = "cannot read the file";
    return false;
  }
  return true;
}

}  // namespace

PreparedInstance prepare_instance(const std::string& path, const InstanceJob& job) {
  PreparedInstance prepared;
  std::string bytes;
  if (!read_file(path, bytes, prepared.error)) return prepared;
  const vision::PreprocessedImage image = job.vision->preprocess(bytes, *job.image_options);
  if (!image.status.ok) {
    prepared.error = image.status.message;
    return prepared;
  }
  prepared.times = image.times;
  std::string instance = make_instance(image, job.format, job.input_key, job.image_options->width);
  if (body_size(instance.size(), 1) > job.max_request_bytes) {
    prepared.error = "the preprocessed image is " + std::to_string(instance.size()) +
                     " bytes as a request instance, above predict.max_request_bytes (" +
                     std::to_string(job.max_request_bytes) +
                     "); lower predict.image_size or use request_format seed";
    return prepared;
  }
  prepared.instance = std::move(instance);
  return prepared;
}

}  // namespace magritte::predict
