// Traffic splits of a Vertex AI endpoint (deployed model id → percent, adding up to 100),
// as the canary release computes them.
#pragma once

#include <map>
#include <string>

namespace magritte::release {

using Split = std::map<std::string, int>;

// `candidate` gets `percent`; the others that carry traffic keep their proportions of the
// rest (largest remainders get the leftover points, ties by id), those at 0 are left out.
// With nothing else carrying traffic the candidate gets everything.
Split canary_split(const Split& current, const std::string& candidate, int percent);

// The id with the largest share other than `except` ("" when none carries traffic).
std::string largest_share(const Split& split, const std::string& except);

}  // namespace magritte::release
