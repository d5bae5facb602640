#include "emulator/vertex/errors.hpp"

namespace magritte::emulator::vertex {

ApiError field_error(std::string_view field, std::string_view message) {
  return ml::invalid_argument("List of found errors:\t1.Field: " + std::string(field) +
                              "; Message: " + std::string(message) + "\t");
}

ApiError resource_missing(std::string_view kind, std::string_view resource_name) {
  return ml::not_found(std::string(kind) + " `" + std::string(resource_name) + "` not found.");
}

}  // namespace magritte::emulator::vertex
