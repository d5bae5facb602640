// Packs serialized instances into request bodies: as many as fit under the size limit (the
// service refuses requests over 1.5 MB) and the instance limit (100 per request). Sizes are
// measured on the serialized JSON, not estimated from image counts.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace magritte::predict {

struct Batch {
  std::vector<std::size_t> images;  // input indices, in body order
  std::string body;                 // {"instances":[...]}
};

class BatchPacker {
public:
  BatchPacker(std::size_t max_body_bytes, std::size_t max_instances);

  // True when a request holding only this instance would be within the size limit.
  bool fits_alone(std::size_t instance_bytes) const;

  // Adds an instance (which must fit alone). When it does not fit in the open batch, that
  // batch is sealed and returned, and the instance starts the next one.
  std::optional<Batch> add(std::size_t image, std::string instance);

  // Seals the open batch, if it has anything.
  std::optional<Batch> flush();

  std::size_t open_instances() const { return instances_.size(); }

private:
  std::size_t max_body_bytes_;
  std::size_t max_instances_;
  std::vector<std::size_t> images_;
  std::vector<std::string> instances_;
  std::size_t instance_bytes_ = 0;
};

}  // namespace magritte::predict
