#include "predict/endpoint.hpp"

#include "magritte/error.hpp"

namespace magritte::predict {

// Percent-encodes anything outside RFC 3986's unreserved set; resource names are validated
// elsewhere, this only keeps an odd name from changing the URL's structure.
std::string encode_segment(const std::string& segment) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : segment) {
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string regional_ml_endpoint(const std::optional<std::string>& endpoint_override, const std::string& region) {
  std::string endpoint = endpoint_override && !endpoint_override->empty() ? *endpoint_override : kDefaultMlEndpoint;
  if (endpoint.back() != '/') endpoint += '/';
  if (region.empty() || region == "global") return endpoint;
  // urlparse's netloc starts after "scheme://"; DeriveMLRegionalEndpoint prefixes it.
  const auto scheme_end = endpoint.find("://");
  if (scheme_end == std::string::npos) {
    throw usage_error("gcloud's api_endpoint_overrides/ml is '" + endpoint +
                      "', not a URL; accepted: an absolute URL such as http://ml.emulator.test/");
  }
  endpoint.insert(scheme_end + 3, region + "-");
  return endpoint;
}

std::string regional_aiplatform_endpoint(const std::optional<std::string>& endpoint_override, const std::string& region,
                                         bool prediction) {
  std::string endpoint =
      endpoint_override && !endpoint_override->empty() ? *endpoint_override : kDefaultAiplatformEndpoint;
  if (endpoint.back() != '/') endpoint += '/';
  const auto scheme_end = endpoint.find("://");
  if (scheme_end == std::string::npos) {
    throw usage_error("gcloud's api_endpoint_overrides/aiplatform is '" + endpoint +
                      "', not a URL; accepted: an absolute URL such as http://aiplatform.emulator.test/");
  }
  const auto host = scheme_end + 3;
  if (endpoint.compare(host, 10, "aiplatform") == 0) endpoint.insert(host, region + (prediction ? "-prediction-" : "-"));
  return endpoint;
}

std::string endpoint_predict_url(const std::string& endpoint, const std::string& project, const std::string& region,
                                 const std::string& endpoint_id) {
  return endpoint + "v1/projects/" + encode_segment(project) + "/locations/" + encode_segment(region) + "/endpoints/" +
         encode_segment(endpoint_id) + ":predict";
}

std::string predict_url(const std::string& endpoint, const std::string& project, const std::string& model,
                        const std::optional<std::string>& version) {
  std::string url = endpoint + "v1/projects/" + encode_segment(project) + "/models/" + encode_segment(model);
  if (version) url += "/versions/" + encode_segment(*version);
  return url + ":predict";
}

}  // namespace magritte::predict
