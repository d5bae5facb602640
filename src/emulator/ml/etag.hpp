// Etags of ml v1 and Vertex AI resources (models, versions, jobs, endpoints): opaque strings
// that gcloud sends back unchanged in read-modify-write requests.
#pragma once

#include <string>

namespace magritte::emulator::ml {

// A fresh opaque etag: base64 of 8 bytes that change with every call.
std::string new_etag();

}  // namespace magritte::emulator::ml
