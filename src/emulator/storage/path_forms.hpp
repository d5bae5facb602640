// The path forms Google's Cloud Storage client libraries send under STORAGE_EMULATOR_HOST,
// rewritten to the one form the storage routes know, before routing. The libraries disagree
// on what the variable means:
//   - Python, Go, Java: the JSON API under <host>/storage/v1, uploads under
//     <host>/upload/storage/v1 (already the routes' form);
//   - Node.js (@google-cloud/storage): the JSON API straight under <host> ("/b/B/o/O"),
//     uploads under <host>/upload/storage/v1;
//   - XML-style reads "/B/O" (Go's default object reader, Node's File.isPublic()).
// Rewrites, in this order:
//   /b, /b/...                    → /storage/v1/b, /storage/v1/b/...
//   GET|HEAD /BUCKET/OBJECT       → /download/storage/v1/b/BUCKET/o/OBJECT
// The XML-style form applies only when `is_xml_bucket(BUCKET)` says so (the emulator asks:
// the bucket exists and no other API serves the path), so "/v1/projects/..." stays Vertex's.
#pragma once

#include <functional>
#include <string_view>

#include "emulator/http.hpp"

namespace magritte::emulator::storage {

// Rewrites request.path and request.raw_path in place; true when it changed them.
bool canonicalize_storage_path(Request& request,
                               const std::function<bool(std::string_view bucket)>& is_xml_bucket);

}  // namespace magritte::emulator::storage
