// One image's part of a run, before any network: read the file, preprocess it with the
// vision module, serialize it as a request instance, check that it can fit a request.
#pragma once

#include <optional>
#include <string>

#include "magritte/vision.hpp"
#include "predict/instances.hpp"

namespace magritte::predict {

struct InstanceJob {
  const vision::Api* vision = nullptr;
  const vision::PreprocessOptions* image_options = nullptr;
  RequestFormat format = RequestFormat::seed;
  std::string input_key;
  std::size_t max_request_bytes = 0;
};

struct PreparedInstance {
  std::optional<std::string> instance;  // set on success
  std::string error;                    // why this image cannot be sent (a bad input)
  vision::StageTimes times;
};

PreparedInstance prepare_instance(const std::string& path, const InstanceJob& job);

}  // namespace magritte::predict
