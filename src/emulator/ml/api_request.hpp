// Small helpers every ml v1 handler uses: the JSON body, list pagination, update masks
// and labels.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/http.hpp"

namespace magritte::emulator::ml {

// The request body as a JSON object ({} when empty); 400 INVALID_ARGUMENT otherwise.
nlohmann::json json_body(const Request& request);

// One page of a list response: {"<field>": [...], "nextPageToken": "..."}. `items` are in
// list order and `key` gives each a string that increases (or, with `descending`, decreases)
// along that order; the page token
// is the key of the last item returned, so pages stay right while items come and go.
// pageSize: default 20, at most 100 (the API's limits). Empty lists are omitted, like the
// real API does.
nlohmann::json list_page(std::string_view field, const std::vector<nlohmann::json>& items,
                         const std::function<std::string(const nlohmann::json&)>& key,
                         const Request& request, bool descending = false);

// The fields of a PATCH's updateMask ("labels,description" → {"labels", "description"}).
std::vector<std::string> split_update_mask(const std::string& mask);

// 400 INVALID_ARGUMENT unless `labels` is absent (null) or maps non-empty keys to strings;
// `owner` ("model", "version") names the field in the message, as the API does.
void check_labels(const nlohmann::json& labels, std::string_view owner);

}  // namespace magritte::emulator::ml
