#include "cli/smoke_test.hpp"

#include "magritte/error.hpp"
#include "magritte/vision.hpp"
#include "predict/connection.hpp"
#include "predict/endpoint.hpp"
#include "predict/inputs.hpp"
#include "predict/output.hpp"
#include "predict/pipeline.hpp"
#include "predict/settings.hpp"
#include "predict/transport.hpp"

namespace magritte::cli {
namespace {

// Keeps each image's result instead of printing it.
class CollectingWriter : public predict::OutputWriter {
public:
  void write(const predict::ImageResult& result) override { results.push_back(result); }
  std::vector<predict::ImageResult> results;
};

void judge(const predict::ImageResult& result, const std::optional<std::string>& expected, SmokeResult& smoke) {
  nlohmann::json entry = {{"image", result.image}};
  if (expected) entry["expected"] = *expected;
  std::string failure;
  if (result.error) {
    failure = result.image + ": " + *result.error;
    entry["error"] = *result.error;
  } else if (result.top.empty()) {
    failure = result.image + ": no prediction";
  } else {
    const auto& best = result.top.front();
    entry["label"] = best.label;
    entry["score"] = best.score;
    if (expected && best.label != *expected) {
      failure = result.image + ": expected " + *expected + ", got " + best.label + " (" +
                predict::format_score(best.score) + ")";
    }
  }
  entry["ok"] = failure.empty();
  if (!failure.empty()) smoke.failures.push_back(failure);
  smoke.images.push_back(entry);
}

}  // namespace

SmokeResult run_smoke_test(Context& context, const std::string& version) {
  const auto& settings = context.settings();
  const auto images = settings.list("promote.smoke_images");
  const auto expected = settings.list("promote.smoke_labels");
  SmokeResult smoke;
  if (images.empty()) return smoke;
  const auto inputs = predict::collect_inputs(images);  // directories are walked
  if (!expected.empty() && expected.size() != inputs.images.size()) {
    throw usage_error("promote.smoke_labels has " + std::to_string(expected.size()) + " label(s) but "
                      "promote.smoke_images has " + std::to_string(inputs.images.size()) + " image(s)",
                      "give one expected top-1 label per image, in the same order, or none");
  }
  const predict::ConnectionRequest request{settings.opt_str("project.id"), settings.str("project.region")};
  const auto model = settings.str("model.name");
  if (context.runner().dry_run()) {
    context.runner().note("smoke test: predict " + std::to_string(images.size()) + " image(s) of promote.smoke_images "
                          "with version " + version + " (the endpoint from gcloud's properties):");
    context.runner().run(predict::config_list_command(), Capture::both);
    return smoke;
  }
  smoke.ran = true;
  auto options = predict::pipeline_options(settings);
  options.top = 1;
  const auto labels = predict::load_labels(settings.str("predict.labels"));
  CollectingWriter writer;
  predict::PipelineIo io;
  io.vision = &vision::load();
  io.output = &writer;
  io.warn = [&context](const std::string& message) { context.warn("smoke test: " + message); };
  Runner& runner = context.runner();
  io.connect = [&runner, &request, &model, &version] {
    const auto connection = predict::connect_with_gcloud(runner, request);
    const auto url = predict::predict_url(connection.endpoint, connection.project, model, version);
    return predict::Target{url, [connection] { return predict::make_curl_transport(connection); }};
  };
  predict::run_pipeline(inputs.images, labels, options, io);
  for (std::size_t i = 0; i < writer.results.size(); ++i) {
    const auto wanted = expected.empty() ? std::nullopt : std::optional<std::string>(expected.at(i));
    judge(writer.results[i], wanted, smoke);
  }
  if (writer.results.size() != inputs.images.size()) {
    smoke.failures.push_back(std::to_string(inputs.images.size() - writer.results.size()) +
                             " smoke image(s) gave no result");
  }
  return smoke;
}

void require_smoke_pass(Context& context, const std::string& version, const SmokeResult& result) {
  if (!result.ran) return;
  if (result.ok()) {
    context.info("magritte: smoke test passed on version " + version + " (" + std::to_string(result.images.size()) +
                 " image(s))");
    return;
  }
  std::string message = "smoke test failed on version " + version + ":";
  for (const auto& failure : result.failures) message += "\n  " + failure;
  throw refused_error(message, "nothing was changed; check the version with: magritte predict --version " + version +
                                   " IMAGE (promote.smoke_images, promote.smoke_labels)");
}

}  // namespace magritte::cli
