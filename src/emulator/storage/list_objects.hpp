// objects.list semantics over a sorted map of objects: prefix, delimiter (→ prefixes),
// start/end offsets, and pagination (maxResults, pageToken), as Cloud Storage does it.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "emulator/storage/object_record.hpp"

namespace magritte::emulator::storage {

struct ListOptions {
  std::string prefix{};
  std::string delimiter{};
  std::string start_offset{};  // inclusive
  std::string end_offset{};    // exclusive
  std::string page_token{};    // from a previous page's next_page_token
  std::size_t max_results = 1000;
  bool include_trailing_delimiter = false;
};

struct ListPage {
  std::vector<StoredObject> items;
  std::vector<std::string> prefixes;
  std::string next_page_token;  // empty on the last page
};

// Throws std::invalid_argument on a malformed page token.
ListPage list_objects(const std::map<std::string, StoredObject>& objects, const ListOptions& options);

}  // namespace magritte::emulator::storage
