#include "predict/batcher.hpp"

#include "predict/instances.hpp"

namespace magritte::predict {

BatchPacker::BatchPacker(std::size_t max_body_bytes, std::size_t max_instances)
    : max_body_bytes_(max_body_bytes), max_instances_(max_instances < 1 ? 1 : max_instances) {}

bool BatchPacker::fits_alone(std::size_t instance_bytes) const {
  return body_size(instance_bytes, 1) <= max_body_bytes_;
}

std::optional<Batch> BatchPacker::add(std::size_t image, std::string instance) {
  std::optional<Batch> sealed;
  const bool too_many = instances_.size() >= max_instances_;
  const bool too_big = body_size(instance_bytes_ + instance.size(), instances_.size() + 1) > max_body_bytes_;
  if (!instances_.empty() && (too_many || too_big)) sealed = flush();
  instance_bytes_ += instance.size();
  images_.push_back(image);
  instances_.push_back(std::move(instance));
  return sealed;
}

std::optional<Batch> BatchPacker::flush() {
  if (instances_.empty()) return std::nullopt;
  Batch batch{std::move(images_), make_body(instances_)};
  images_.clear();
  instances_.clear();
  instance_bytes_ = 0;
  return batch;
}

}  // namespace magritte::predict
