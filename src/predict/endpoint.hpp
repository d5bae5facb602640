// Where predictions go, derived exactly as gcloud derives it: ml v1 as
// command_lib/ml_engine/endpoint_util.py (DeriveMLRegionalEndpoint), Vertex AI as
// command_lib/ai/endpoint_util.py (DeriveAiplatformRegionalEndpoint).
#pragma once

#include <optional>
#include <string>

namespace magritte::predict {

inline constexpr const char* kDefaultMlEndpoint = "https://ml.googleapis.com/";
inline constexpr const char* kDefaultAiplatformEndpoint = "https://aiplatform.googleapis.com/";

// The regional endpoint: the region is prefixed to the host of the base endpoint (gcloud's
// api_endpoint_overrides/ml, else https://ml.googleapis.com/), keeping scheme, port and
// path: https://europe-west1-ml.googleapis.com/, http://europe-west1-ml.emulator.test/.
// Region "global" (or empty) keeps the base endpoint. The result ends with '/'.
std::string regional_ml_endpoint(const std::optional<std::string>& endpoint_override, const std::string& region);

// Vertex AI's regional endpoint: gcloud's api_endpoint_overrides/aiplatform, else
// https://aiplatform.googleapis.com/; when its host starts with "aiplatform", the region is
// prefixed ("europe-west1-aiplatform..."), and for predictions "REGION-prediction-"
// (what `gcloud ai endpoints predict` uses). Other hosts are kept as they are. Ends with '/'.
std::string regional_aiplatform_endpoint(const std::optional<std::string>& endpoint_override, const std::string& region,
                                         bool prediction);

// <endpoint>v1/projects/P/locations/R/endpoints/E:predict
std::string endpoint_predict_url(const std::string& endpoint, const std::string& project, const std::string& region,
                                 const std::string& endpoint_id);

// A path segment percent-encoded (RFC 3986 unreserved characters kept).
std::string encode_segment(const std::string& segment);

// <endpoint>v1/projects/P/models/M:predict, or .../models/M/versions/V:predict.
std::string predict_url(const std::string& endpoint, const std::string& project, const std::string& model,
                        const std::optional<std::string>& version);

}  // namespace magritte::predict
