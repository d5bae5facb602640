// magritte predict IMAGE|DIR...: classify images with the deployed model. gcloud's properties
// are read from its files (or asked once), its token asked once; the images go straight to
// the prediction endpoint, resized, batched by bytes, a few requests in flight. See docs/predict.md.
#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/backends/ml_backend.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/options.hpp"
#include "magritte/error.hpp"
#include "magritte/vision.hpp"
#include "predict/connection.hpp"
#include "predict/describe.hpp"
#include "predict/endpoint.hpp"
#include "predict/inputs.hpp"
#include "predict/pipeline.hpp"
#include "predict/settings.hpp"
#include "release/clock.hpp"

namespace magritte::cli {
namespace {

struct PredictFlags {
  std::vector<std::string> inputs;  // positional IMAGE|DIR...
  std::vector<std::string> images;  // --image (the seed's flag), predicted after the positional ones
  std::optional<int> top;
  std::optional<std::string> labels;
  // The seed script's flags (predict/gcloud.py), accepted as they were.
  std::optional<std::string> project_id;
  std::optional<std::string> model_name;
  std::optional<std::string> model_version;
  std::optional<std::string> decode_preds_fn;
};

// --project_id/--model_name/--model_version land where --project/--model/--version would.
void apply_seed_aliases(Context& context, const PredictFlags& flags) {
  if (flags.project_id) context.options.project = flags.project_id;
  if (flags.model_name) context.options.model = flags.model_name;
  if (flags.model_version) context.options.version = flags.model_version;
}

std::string labels_spec(const PredictFlags& flags, const config::Settings& settings) {
  if (flags.labels && flags.decode_preds_fn) {
    throw usage_error("--labels and --decode_preds_fn both choose the labels; pass only one");
  }
  if (flags.labels) return *flags.labels;
  if (flags.decode_preds_fn) return *flags.decode_preds_fn == "inception" ? "imagenet" : "fruits";
  return settings.str("predict.labels");
}

struct RunPlan {
  predict::InputList inputs;
  predict::PipelineOptions options;
  predict::Labels labels;
  predict::OutputFormat format = predict::OutputFormat::table;
  predict::PlanFacts facts;
};

RunPlan make_plan(Context& context, const PredictFlags& flags) {
  apply_seed_aliases(context, flags);
  const auto& settings = context.settings();
  RunPlan plan;
  plan.format = predict::parse_output_format(context.options.format);
  plan.options = predict::pipeline_options(settings);
  if (flags.top) plan.options.top = *flags.top;
  std::vector<std::string> arguments = flags.inputs;
  arguments.insert(arguments.end(), flags.images.begin(), flags.images.end());
  plan.inputs = predict::collect_inputs(arguments);
  plan.labels = predict::load_labels(labels_spec(flags, settings));
  // Only an explicit --version picks a version: without it, the model's default answers,
  // as it does for users (model.version from the config names the version to deploy).
  plan.facts = {plan.inputs.images.size(), plan.inputs.skipped.size(), settings.str("project.region"),
                settings.opt_str("project.id"),   settings.str("model.name"),  context.options.version,
                plan.labels.source, std::nullopt};
  if (settings.str("gcloud.backend") == "vertex") plan.facts.endpoint = settings.str("deploy.endpoint");
  return plan;
}

void print_dry_run(Context& context, const RunPlan& plan) {
  Runner& runner = context.runner();
  runner.note(predict::kConfigListFallbackNote);
  runner.run(predict::config_list_command(), Capture::both);
  const auto lines = predict::describe_plan(plan.facts, plan.options);
  runner.note(lines.front());
  runner.run(predict::access_token_command(), Capture::both);
  for (std::size_t i = 1; i < lines.size(); ++i) runner.note(lines[i]);
  nlohmann::json json = {{"command", "predict"}, {"images", plan.inputs.images}, {"plan", lines}};
  context.emit(json, "");
}

void check_outcome(const predict::RunStats& stats) {
  const std::size_t failed = stats.failed_requests + stats.bad_inputs;
  if (failed == 0) return;
  const std::string message = std::to_string(failed) + " of " + std::to_string(stats.images) + " image(s) failed";
  // A failed request (the service's side) outranks a bad input (the user's side).
  if (stats.failed_requests > 0) throw cloud_error(message + " (see the errors above)");
  throw usage_error(message + ": bad input(s), see the errors above");
}

// Ctrl-C/SIGTERM stop the run cleanly: what was printed is complete, nothing else was
// sent, and predicting changes nothing remotely, so running again is always safe.
void check_interrupted(const predict::RunStats& stats) {
  if (stats.stopped_by == 0) return;
  const bool term = stats.stopped_by == SIGTERM;
  throw Error(term ? ExitCode::terminated : ExitCode::interrupted,
              std::string("interrupted by ") + (term ? "SIGTERM" : "SIGINT") + ": " + std::to_string(stats.printed) +
                  " of " + std::to_string(stats.images) + " image(s) done (printed above); the others were not sent",
              "predictions change nothing remotely: run the command again for the images not printed");
}

void run_predict(Context& context, const PredictFlags& flags) {
  const RunPlan plan = make_plan(context, flags);
  for (const auto& skipped : plan.inputs.skipped) context.info("magritte: skipping " + skipped + ": not an image");
  if (context.runner().dry_run()) return print_dry_run(context, plan);

  const auto backend = make_ml_backend(context);
  const vision::Api& vision = vision::load();
  vision.set_num_threads(1);  // the pipeline runs one image per core already
  const auto output = predict::make_output_writer(plan.format, std::cout);
  predict::PipelineIo io;
  io.vision = &vision;
  io.output = output.get();
  io.warn = [&context](const std::string& message) { context.warn(message); };
  if (context.options.verbose > 0) io.debug = [](const std::string& line) { std::cerr << "magritte: " << line << '\n'; };
  io.connect = [&context, &plan, &backend] {
    const predict::Connection connection = context.connection();
    const std::string url = backend->prediction_url(connection, plan.facts.version);
    return predict::Target{url, [connection] { return predict::make_curl_transport(connection); }};
  };
  const release::StopSignals stop_signals;  // from here on SIGINT/SIGTERM stop the run cleanly
  io.stop_signal = [] { return release::StopSignals::received(); };
  const predict::RunStats stats = predict::run_pipeline(plan.inputs.images, plan.labels, plan.options, io);
  context.info("magritte: " + predict::describe_stats(stats));
  check_interrupted(stats);
  check_outcome(stats);
}

}  // namespace

void register_predict(CLI::App& app, Context& context) {
  auto flags = std::make_shared<PredictFlags>();
  auto* command = app.add_subcommand(
      "predict", "Classify images with the deployed model: resized, batched, sent straight to the endpoint");
  command->add_option("IMAGE", flags->inputs, "Image files or directories (walked recursively)");
  add_model_version_option(*command, context);
  command->add_option("--top", flags->top, "Labels shown per image (predict.top)")->check(CLI::PositiveNumber);
  command->add_option("--labels", flags->labels, "Class names: fruits, imagenet or a file, one per line (predict.labels)");
  const char* seed = "The seed script's flags (predict/gcloud.py)";
  command->add_option("--image", flags->images, "Same as IMAGE")->group(seed);
  command->add_option("--project_id", flags->project_id, "Same as --project")->group(seed);
  command->add_option("--model_name", flags->model_name, "Same as --model")->group(seed);
  command->add_option("--model_version", flags->model_version, "Same as --version")->group(seed);
  command->add_option("--decode_preds_fn", flags->decode_preds_fn, "transfert (= --labels fruits) or inception (= imagenet)")
      ->check(CLI::IsMember({"transfert", "inception"}))
      ->group(seed);
  command->callback([&context, flags] { run_predict(context, *flags); });
}

}  // namespace magritte::cli
