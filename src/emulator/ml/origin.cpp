#include "emulator/ml/origin.hpp"

#include <fstream>
#include <set>
#include <system_error>

#include "emulator/state.hpp"
#include "emulator/ml/signature.hpp"

namespace magritte::emulator::ml {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxFiles = 1000;  // the service's limit on files in a model directory

std::string accepted_layouts() {
  return "The emulator serves model.onnx with signature.json (docs/model-signature.md) and "
         "accepts a TensorFlow SavedModel (saved_model.pb or saved_model.pbtxt) without "
         "serving it.";
}

std::string some_names(const std::set<std::string>& names) {
  std::string text;
  std::size_t shown = 0;
  for (const auto& name : names) {
    if (shown++ == 5) {
      text += ", ...";
      break;
    }
    text += (text.empty() ? "" : ", ") + name;
  }
  return text;
}

DeployOutcome failure(const std::string& detail) { return {false, OriginKind::none, detail}; }

DeployOutcome copy_files(const ObjectStore& objects, const GcsPath& origin,
                         const std::set<std::string>& names, const fs::path& target_dir) {
  const fs::path staging = target_dir.string() + ".staging";
  std::error_code ignored;
  fs::remove_all(staging, ignored);
  for (const auto& name : names) {
    const auto data = objects.read(origin.bucket, origin.name + name);
    if (!data) return failure("gs://" + origin.bucket + "/" + origin.name + name + " vanished while deploying");
    write_file_atomic(staging / name, *data);
  }
  fs::remove_all(target_dir, ignored);
  fs::create_directories(target_dir.parent_path());
  fs::rename(staging, target_dir);
  return {true, OriginKind::onnx, ""};
}

}  // namespace

DeployOutcome deploy_origin(const ObjectStore& objects, const std::string& deployment_uri,
                            const fs::path& target_dir) {
  auto origin = parse_gcs_uri(deployment_uri);
  if (!origin) return failure("the origin " + deployment_uri + " is not a gs://bucket/path URI.");
  if (!objects.bucket_exists(origin->bucket)) {
    return failure("no model found at " + deployment_uri + ": the bucket gs://" + origin->bucket +
                   " does not exist. " + accepted_layouts());
  }
  if (!origin->name.empty() && !origin->name.ends_with('/')) origin->name += '/';
  std::set<std::string> names;  // relative to the origin directory
  for (const auto& object : objects.list(origin->bucket, origin->name)) {
    if (object.name.ends_with('/')) continue;  // "directory" placeholder objects
    names.insert(object.name.substr(origin->name.size()));
  }
  const std::string where = "gs://" + origin->bucket + "/" + origin->name;
  if (names.empty()) {
    return failure("no model found at " + where + ": the directory is empty or missing. " +
                   accepted_layouts());
  }
  if (names.size() > kMaxFiles) {
    return failure("the model directory " + where + " holds " + std::to_string(names.size()) +
                   " files; at most 1000 are allowed.");
  }
  if (names.count(std::string(kSignatureFile)) != 0) {
    const auto text = objects.read(origin->bucket, origin->name + std::string(kSignatureFile));
    try {
      const auto parsed = parse_signature(text.value_or(""));
      if (names.count(parsed.signature.model_file) == 0) {
        return failure(where + "signature.json names the model file \"" +
                       parsed.signature.model_file + "\", which is not in " + where + ".");
      }
      return copy_files(objects, *origin, {std::string(kSignatureFile), parsed.signature.model_file},
                        target_dir);
    } catch (const std::invalid_argument& error) {
      return failure(where + error.what());
    }
  }
  if (names.count("saved_model.pb") != 0 || names.count("saved_model.pbtxt") != 0) {
    return {true, OriginKind::saved_model, ""};
  }
  if (names.count("model.onnx") != 0) {
    return failure(where + "model.onnx has no signature.json next to it, so the emulator cannot "
                   "tell its input name, image size and scaling (docs/model-signature.md).");
  }
  return failure("no model found at " + where + " (it holds " + some_names(names) + "). " +
                 accepted_layouts());
}

}  // namespace magritte::emulator::ml
