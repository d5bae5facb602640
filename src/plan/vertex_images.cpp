#include "plan/vertex_images.hpp"

#include <charconv>

namespace magritte::plan {
namespace {

// TensorFlow versions with prebuilt training (.py310) and serving (tf2-*) containers.
constexpr int kOldestTf2 = 12;
constexpr int kNewestTf2 = 17;

struct TfVersion {
  int major = 2;
  int minor = kNewestTf2;
};

// "2.11" → {2, 11}; "1.5" → {1, 5}; nullopt for anything else.
std::optional<TfVersion> parse_tf_version(const std::string& text) {
  TfVersion version;
  const auto dot = text.find('.');
  if (dot == std::string::npos) return std::nullopt;
  const char* end = text.data() + text.size();
  if (std::from_chars(text.data(), text.data() + dot, version.major).ec != std::errc()) return std::nullopt;
  const auto minor = std::from_chars(text.data() + dot + 1, end, version.minor);
  if (minor.ec != std::errc() || minor.ptr != end) return std::nullopt;
  return version;
}

// TensorFlow 1.x images exist only for 1.15; 2.x ones from kOldestTf2 on.
std::string tf_tag(const std::optional<std::string>& runtime, const char* key, std::vector<std::string>& notes,
                   bool training) {
  if (!runtime) return "2-" + std::to_string(kNewestTf2) + (training ? ".py310" : "");
  const auto version = parse_tf_version(*runtime);
  if (!version) {
    notes.push_back(std::string(key) + " '" + *runtime + "' is not a TensorFlow version: TensorFlow 2." +
                    std::to_string(kNewestTf2) + "'s container");
    return "2-" + std::to_string(kNewestTf2) + (training ? ".py310" : "");
  }
  if (version->major == 1) {
    if (version->minor != 15) {
      notes.push_back(std::string(key) + " '" + *runtime + "' has no Vertex AI container: TensorFlow 1.15's, the only "
                      "TensorFlow 1 one");
    }
    return "1-15";
  }
  int minor = version->minor;
  if (minor < kOldestTf2) {
    notes.push_back(std::string(key) + " '" + *runtime + "': TensorFlow 2." + std::to_string(minor) +
                    "'s containers are past their end of availability: TensorFlow 2." + std::to_string(kOldestTf2) +
                    "'s instead");
    minor = kOldestTf2;
  }
  return "2-" + std::to_string(minor) + (training ? ".py310" : "");
}

}  // namespace

std::string artifact_registry_for(const std::string& region) {
  if (region.starts_with("europe-")) return "europe-docker.pkg.dev";
  if (region.starts_with("asia-") || region.starts_with("australia-") || region.starts_with("me-")) {
    return "asia-docker.pkg.dev";
  }
  return "us-docker.pkg.dev";
}

ChosenImage training_image(const config::Settings& settings, bool gpu) {
  ChosenImage image;
  if (const auto explicit_image = settings.opt_str("train.executor_image")) {
    image.uri = *explicit_image;
    return image;
  }
  const auto tag = tf_tag(settings.opt_str("train.runtime_version"), "train.runtime_version", image.notes, true);
  image.uri = artifact_registry_for(settings.str("train.region")) + "/vertex-ai/training/tf-" +
              (gpu ? "gpu." : "cpu.") + tag + ":latest";
  return image;
}

ChosenImage serving_image(const config::Settings& settings) {
  ChosenImage image;
  if (const auto explicit_image = settings.opt_str("deploy.container_image")) {
    image.uri = *explicit_image;
    return image;
  }
  const auto registry = artifact_registry_for(settings.str("project.region")) + "/vertex-ai/prediction/";
  const auto framework = settings.opt_str("deploy.framework").value_or("tensorflow");
  if (framework == "scikit-learn") {
    image.uri = registry + "sklearn-cpu.1-3:latest";
  } else if (framework == "xgboost") {
    image.uri = registry + "xgboost-cpu.1-7:latest";
  } else {
    const bool gpu = settings.has("deploy.accelerator_type");
    const auto tag = tf_tag(settings.opt_str("deploy.runtime_version"), "deploy.runtime_version", image.notes, false);
    image.uri = registry + (tag == "1-15" ? "tf-" : "tf2-") + (gpu ? "gpu." : "cpu.") + tag + ":latest";
  }
  return image;
}

}  // namespace magritte::plan
