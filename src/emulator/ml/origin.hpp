// Deploying a version: look at its origin (deploymentUri) in the emulator's Cloud Storage,
// decide what model it holds, and copy the files the emulator serves into a local directory.
// Like the real service, the version is served from that copy, so later changes to (or the
// deletion of) the origin do not change a deployed version.
#pragma once

#include <filesystem>
#include <string>

#include "emulator/object_store.hpp"
#include "emulator/ml/model_registry.hpp"

namespace magritte::emulator::ml {

// OriginKind::onnx when the origin holds signature.json (valid) and its model file;
// OriginKind::saved_model for saved_model.pb/.pbtxt (listed, not served); otherwise !ok with
// what is wrong ("no model found at gs://..."), which each API wraps in its own words. Replaces `target_dir` atomically (onnx).
DeployOutcome deploy_origin(const ObjectStore& objects, const std::string& deployment_uri,
                            const std::filesystem::path& target_dir);

}  // namespace magritte::emulator::ml
