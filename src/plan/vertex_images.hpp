// Vertex AI's prebuilt containers, chosen from what an AI Platform config says: a runtime
// version (TensorFlow's version there) and a framework become a training image
// (executor-image-uri) and a serving image (container-image-uri), from the Artifact
// Registry nearest the region. An explicit train.executor_image / deploy.container_image
// always wins. docs/vertex.md has the tables.
#pragma once

#include <string>
#include <vector>

#include "magritte/config.hpp"

namespace magritte::plan {

struct ChosenImage {
  std::string uri;
  std::vector<std::string> notes;  // e.g. "runtime 1.5 has no container: TensorFlow 1.15's"
};

// "europe-docker.pkg.dev" for europe-west1, "asia-docker.pkg.dev", else "us-docker.pkg.dev".
std::string artifact_registry_for(const std::string& region);

// The training image: train.executor_image, else from train.runtime_version (GPU when
// `gpu`), else the newest TensorFlow the table knows.
ChosenImage training_image(const config::Settings& settings, bool gpu);

// The serving image: deploy.container_image, else from deploy.runtime_version and
// deploy.framework (GPU when deploy.accelerator_type is set).
ChosenImage serving_image(const config::Settings& settings);

}  // namespace magritte::plan
