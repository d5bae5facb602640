// What predict prints on stdout, one record per image, in input order:
//   table  (default)  the image path, then "Score 0.9123, Label apple" lines, like the seed
//   json              one JSON object per line: {"image", "predictions": [{"label", "score"}]},
//                     plus "error" for an image that failed
//   csv               header image,rank,label,score,error; one row per label, one row with
//                     the error for an image that failed
// Errors also go to stderr as they happen (the table has no place for them).
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "predict/labels.hpp"

namespace magritte::predict {

enum class OutputFormat { table, json, csv };

struct ImageResult {
  std::string image;                   // the path as given / found
  std::vector<RankedLabel> top;        // best first
  std::optional<std::string> error;    // why this image has no predictions
  std::string deployed_model_id;       // Vertex AI: the deployed model that answered ("" for ml v1)
};

class OutputWriter {
public:
  virtual ~OutputWriter() = default;
  virtual void write(const ImageResult& result) = 0;  // flushes: results stream out as they come
};

std::unique_ptr<OutputWriter> make_output_writer(OutputFormat format, std::ostream& out);

// "0.9123": scores with 4 decimals, as in the table and CSV.
std::string format_score(double score);

}  // namespace magritte::predict
