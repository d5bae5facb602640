// "Did you mean": the nearest candidate by edit distance, for typos in keys and values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace magritte::config {

// The closest candidate, if close enough to be a typo. Case and '-' vs '_' do not count,
// so 'BASIC_GPU' suggests 'basic-gpu'; a swap of two letters counts as one edit.
std::optional<std::string> nearest(std::string_view word,
                                   const std::vector<std::string>& candidates);

// "a, b, c"
std::string join(const std::vector<std::string>& words, std::string_view separator = ", ");

}  // namespace magritte::config
