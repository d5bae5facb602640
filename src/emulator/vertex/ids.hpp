// The numeric ids the service chooses (custom jobs, models without a modelId, endpoints,
// deployed models, operations): 19 digits like the real service's, increasing, so that
// creation order is id order and a restart never hands out an id twice.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

namespace magritte::emulator::vertex {

class IdAllocator {
public:
  // An id found in the loaded state: later ids are larger. Non-numeric ids are ignored.
  void observe(std::string_view id);
  std::string next();

private:
  std::mutex mutex_;
  std::uint64_t last_ = 0;
};

}  // namespace magritte::emulator::vertex
