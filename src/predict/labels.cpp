#include "predict/labels.hpp"

#include <algorithm>
#include <fstream>
#include <numeric>

#include "magritte/error.hpp"

namespace magritte::predict {

const std::vector<std::string>& fruit_labels() {
  // The seed's `transfert` decoding: the training directories in alphabetical order.
  static const std::vector<std::string> labels = {"apple", "banana",    "grape",     "kiwi",      "mango",
                                                  "orange", "pineapple", "raspberry", "strawberry"};
  return labels;
}

Labels load_labels(const std::string& spec) {
  if (spec == "fruits" || spec == "transfert") return {"fruits", fruit_labels()};
  if (spec == "imagenet" || spec == "inception") return {"imagenet", imagenet_labels()};
  std::ifstream file(spec);
  if (!file) {
    throw usage_error("cannot read the labels file '" + spec + "'",
                      "predict.labels / --labels accepts fruits, imagenet or a file with one label per line");
  }
  Labels labels{spec, {}};
  std::string line;
  while (std::getline(file, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    labels.names.push_back(line);
  }
  // A final newline does not make an extra (empty) label; empty lines inside do count.
  while (!labels.names.empty() && labels.names.back().empty()) labels.names.pop_back();
  if (labels.names.empty()) throw usage_error("the labels file '" + spec + "' has no labels");
  return labels;
}

Ranking rank(const std::vector<double>& scores, const Labels& labels, int top) {
  Ranking ranking;
  if (scores.size() != labels.names.size()) {
    ranking.error = "the model returned " + std::to_string(scores.size()) + " scores but the labels (" +
                    labels.source + ") have " + std::to_string(labels.names.size());
    return ranking;
  }
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  const auto count = std::min<std::size_t>(static_cast<std::size_t>(std::max(top, 0)), order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count), order.end(),
                    [&](std::size_t a, std::size_t b) { return scores[a] > scores[b] || (scores[a] == scores[b] && a < b); });
  for (std::size_t i = 0; i < count; ++i) ranking.top.push_back({labels.names[order[i]], scores[order[i]]});
  return ranking;
}

}  // namespace magritte::predict
