// Formats of string values (names, buckets, gs:// URIs, regions...), as Google Cloud
// accepts them, so that a bad value is caught before any gcloud command runs.
#pragma once

#include "config/schema.hpp"

namespace magritte::config::formats {

extern const StringFormat project_id;   // my-project-123 (or domain.com:my-project)
extern const StringFormat region;       // us-central1
extern const StringFormat bucket_name;  // a GCS bucket name, without gs://
extern const StringFormat gs_uri;       // gs://BUCKET[/path]
extern const StringFormat path_or_gs_uri;
extern const StringFormat model_name;  // AI Platform model and version names
extern const StringFormat job_name;    // AI Platform job ids
extern const StringFormat display_name;  // Vertex AI display names
extern const StringFormat image_size;  // WxH
extern const StringFormat label_key;   // Google Cloud resource labels
extern const StringFormat label_value;
extern const StringFormat duration;    // 90s, 15m, 1h30m (a bare number: seconds)

}  // namespace magritte::config::formats
