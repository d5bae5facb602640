// Class names for the model's score vector: the seed's nine fruits (`--decode_preds_fn
// transfert`), the 1000 ImageNet classes (`inception`, Keras' decode_predictions names), or
// a file with one label per line.
#pragma once

#include <string>
#include <vector>

namespace magritte::predict {

struct Labels {
  std::string source;               // "fruits", "imagenet" or the file path, for messages
  std::vector<std::string> names;   // index i names score i
};

// "fruits", "imagenet" or a path. Throws Error(usage) for an unreadable or empty file.
Labels load_labels(const std::string& spec);

const std::vector<std::string>& fruit_labels();
const std::vector<std::string>& imagenet_labels();  // generated from data/imagenet_labels.txt

struct RankedLabel {
  std::string label;
  double score = 0;
};

// The `top` highest scores, best first (ties keep index order). Returns an error message
// instead when the vector's length is not the number of labels.
struct Ranking {
  std::vector<RankedLabel> top;
  std::string error;  // "the model returned 10 scores but the labels (fruits) have 9"
};
Ranking rank(const std::vector<double>& scores, const Labels& labels, int top);

}  // namespace magritte::predict
