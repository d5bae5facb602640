#include "emulator/storage/list_objects.hpp"

#include <algorithm>
#include <stdexcept>

#include "magritte/base64.hpp"

namespace magritte::emulator::storage {
namespace {

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// A page token names the last entry of the previous page: an object ('o') or a prefix ('p').
std::string make_token(char kind, const std::string& key) { return base64_encode(kind + key); }

using Iterator = std::map<std::string, StoredObject>::const_iterator;

Iterator resume_after(const std::map<std::string, StoredObject>& objects, const std::string& token) {
  const auto decoded = base64_decode(token);
  if (!decoded || decoded->empty() || ((*decoded)[0] != 'o' && (*decoded)[0] != 'p')) {
    throw std::invalid_argument("Invalid pageToken '" + token + "'");
  }
  const std::string key = decoded->substr(1);
  auto it = objects.upper_bound(key);
  if ((*decoded)[0] == 'p') {
    while (it != objects.end() && starts_with(it->first, key)) ++it;
  }
  return it;
}

}  // namespace

ListPage list_objects(const std::map<std::string, StoredObject>& objects, const ListOptions& options) {
  ListPage page;
  auto it = options.page_token.empty()
                ? objects.lower_bound(std::max(options.prefix, options.start_offset))
                : resume_after(objects, options.page_token);
  const std::size_t max_results = std::max<std::size_t>(options.max_results, 1);
  std::size_t count = 0;
  char last_kind = 0;
  std::string last_key;
  for (; it != objects.end(); ) {
    const std::string& name = it->first;
    if (!starts_with(name, options.prefix)) break;  // the prefix range is contiguous
    if (!options.end_offset.empty() && name >= options.end_offset) break;
    if (name < options.start_offset) {
      ++it;
      continue;
    }
    if (count == max_results) {
      page.next_page_token = make_token(last_kind, last_key);
      break;
    }
    const auto cut = options.delimiter.empty()
                         ? std::string::npos
                         : name.find(options.delimiter, options.prefix.size());
    if (cut == std::string::npos) {
      page.items.push_back(it->second);
      last_kind = 'o';
      last_key = name;
      ++count;
      ++it;
      continue;
    }
    const std::string prefix = name.substr(0, cut + options.delimiter.size());
    page.prefixes.push_back(prefix);
    last_kind = 'p';
    last_key = prefix;
    ++count;
    for (; it != objects.end() && starts_with(it->first, prefix); ++it) {
      if (options.include_trailing_delimiter && it->first == prefix) page.items.push_back(it->second);
    }
  }
  return page;
}

}  // namespace magritte::emulator::storage
