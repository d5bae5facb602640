#include "predict/output.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace magritte::predict {
namespace {

class TableWriter : public OutputWriter {
public:
  explicit TableWriter(std::ostream& out) : out_(out) {}
  void write(const ImageResult& result) override {
    if (result.error) return;  // reported on stderr
    if (written_++ > 0) out_ << '\n';
    out_ << result.image << '\n';
    for (const auto& ranked : result.top) out_ << "Score " << format_score(ranked.score) << ", Label " << ranked.label << '\n';
    out_.flush();
  }

private:
  std::ostream& out_;
  int written_ = 0;
};

class JsonLinesWriter : public OutputWriter {
public:
  explicit JsonLinesWriter(std::ostream& out) : out_(out) {}
  void write(const ImageResult& result) override {
    nlohmann::json record = {{"image", result.image}, {"predictions", nlohmann::json::array()}};
    for (const auto& ranked : result.top) record["predictions"].push_back({{"label", ranked.label}, {"score", ranked.score}});
    if (result.error) record["error"] = *result.error;
    // Which deployed model answered: during a canary, the version that did (magritte versions).
    if (!result.deployed_model_id.empty()) record["deployed_model_id"] = result.deployed_model_id;
    // Replace invalid UTF-8 (odd file names) instead of throwing mid-run.
    out_ << record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    out_.flush();
  }

private:
  std::ostream& out_;
};

// RFC 4180: quote fields holding a comma, a quote or a line break; double the quotes.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + '"';
}

class CsvWriter : public OutputWriter {
public:
  explicit CsvWriter(std::ostream& out) : out_(out) { out_ << "image,rank,label,score,error\n"; }
  void write(const ImageResult& result) override {
    const std::string image = csv_field(result.image);
    if (result.error) out_ << image << ",,,," << csv_field(*result.error) << '\n';
    int rank = 0;
    for (const auto& ranked : result.top) {
      out_ << image << ',' << ++rank << ',' << csv_field(ranked.label) << ',' << format_score(ranked.score) << ",\n";
    }
    out_.flush();
  }

private:
  std::ostream& out_;
};

}  // namespace

std::string format_score(double score) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4f", score);
  return text;
}

std::unique_ptr<OutputWriter> make_output_writer(OutputFormat format, std::ostream& out) {
  switch (format) {
    case OutputFormat::json: return std::make_unique<JsonLinesWriter>(out);
    case OutputFormat::csv: return std::make_unique<CsvWriter>(out);
    case OutputFormat::table: break;
  }
  return std::make_unique<TableWriter>(out);
}

}  // namespace magritte::predict
