// Where predictions go, derived exactly as gcloud derives it
// (googlecloudsdk/command_lib/ml_engine/endpoint_util.py: DeriveMLRegionalEndpoint).
#pragma once

#include <optional>
#include <string>

namespace magritte::predict {

inline constexpr const char* kDefaultMlEndpoint = "https://ml.googleapis.com/";

// The regional endpoint: the region is prefixed to the host of the base endpoint (gcloud's
// api_endpoint_overrides/ml, else https://ml.googleapis.com/), keeping scheme, port and
// path: https://europe-west1-ml.googleapis.com/, http://europe-west1-ml.emulator.test/.
// Region "global" (or empty) keeps the base endpoint. The result ends with '/'.
std::string regional_ml_endpoint(const std::optional<std::string>& endpoint_override, const std::string& region);

// <endpoint>v1/projects/P/models/M:predict, or .../models/M/versions/V:predict.
std::string predict_url(const std::string& endpoint, const std::string& project, const std::string& model,
                        const std::optional<std::string>& version);

}  // namespace magritte::predict
