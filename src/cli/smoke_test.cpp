#include "cli/smoke_test.hpp"

#include "magritte/error.hpp"
#include "magritte/vision.hpp"
#include "predict/connection.hpp"
#include "predict/inputs.hpp"
#include "predict/output.hpp"
#include "predict/probe.hpp"
#include "predict/settings.hpp"
#include "predict/transport.hpp"

namespace magritte::cli {
namespace {

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

bool smoke_configured(Context& context) { return !context.settings().list("promote.smoke_images").empty(); }

SmokeResult run_smoke_test(Context& context, MlBackend& backend, const ServingState& state, const std::string& version) {
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
  if (context.runner().dry_run()) {
    context.runner().note("smoke test: predict " + std::to_string(images.size()) + " image(s) of promote.smoke_images "
                          "with version " + version + " (the endpoint from gcloud's properties):");
    context.runner().note(predict::kConfigListFallbackNote);
    context.runner().run(predict::config_list_command(), Capture::both);
    return smoke;
  }
  smoke.ran = true;
  auto options = predict::pipeline_options(settings);
  options.top = 1;
  const auto labels = predict::load_labels(settings.str("predict.labels"));
  const auto& connection = context.connection();
  const auto target = backend.smoke_target(connection, state, version);
  const auto transport = predict::make_curl_transport(connection);
  const auto results = predict::probe_images(inputs.images, labels, options, vision::load(), *transport, target);
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto wanted = expected.empty() ? std::nullopt : std::optional<std::string>(expected.at(i));
    judge(results[i].result, wanted, smoke);
    smoke.requests += results[i].requests;
    smoke.answered_by_others += results[i].answered_by_others;
  }
  return smoke;
}

void require_smoke_pass(Context& context, const std::string& version, const SmokeResult& result,
                        const std::string& changed) {
  if (!result.ran) return;
  if (result.ok()) {
    std::string detail = std::to_string(result.images.size()) + " image(s)";
    if (result.answered_by_others > 0) {
      detail += "; " + std::to_string(result.requests) + " requests, " + std::to_string(result.answered_by_others) +
                " answered by other versions and not counted";
    }
    context.info("magritte: smoke test passed on version " + version + " (" + detail + ")");
    return;
  }
  std::string message = "smoke test failed on version " + version + ":";
  for (const auto& failure : result.failures) message += "\n  " + failure;
  // On Vertex a version without traffic cannot be asked alone (predict --version refuses).
  const std::string check = context.settings().str("gcloud.backend") == "vertex"
                                ? "what the version answered is above; after fixing the model or the expected labels, "
                                  "try it again on a share: magritte promote " + version + " --canary N"
                                : "check the version with: magritte predict --version " + version + " IMAGE";
  throw refused_error(message, changed + "; " + check + " (promote.smoke_images, promote.smoke_labels)");
}

}  // namespace magritte::cli
