#include "predict/inputs.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "magritte/error.hpp"
#include "magritte/text.hpp"

namespace magritte::predict {
namespace {

namespace fs = std::filesystem;

void walk(const fs::path& directory, InputList& list) {
  std::vector<fs::path> files;
  std::error_code error;
  for (fs::recursive_directory_iterator it(directory, fs::directory_options::skip_permission_denied, error), end;
       !error && it != end; it.increment(error)) {
    if (it->is_regular_file(error)) files.push_back(it->path());
  }
  if (error) throw usage_error("cannot read the directory '" + directory.string() + "': " + error.message());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) (has_image_extension(file) ? list.images : list.skipped).push_back(file.string());
}

}  // namespace

bool has_image_extension(const fs::path& path) {
  static constexpr std::array<std::string_view, 12> kExtensions = {
      ".jpg", ".jpeg", ".jpe", ".png", ".bmp", ".webp", ".tif", ".tiff", ".ppm", ".pgm", ".pbm", ".pnm"};
  const std::string extension = ascii_lower(path.extension().string());
  return std::find(kExtensions.begin(), kExtensions.end(), extension) != kExtensions.end();
}

InputList collect_inputs(const std::vector<std::string>& arguments) {
  if (arguments.empty()) {
    throw usage_error("no image given", "usage: magritte predict IMAGE|DIR... (or --image PATH, as the seed script)");
  }
  InputList list;
  for (const auto& argument : arguments) {
    std::error_code error;
    const auto status = fs::status(argument, error);
    if (fs::is_directory(status)) {
      walk(argument, list);
    } else {
      // Named explicitly: tried whatever its extension; a missing file fails on its own
      // ("cannot read ...") without stopping the others.
      list.images.push_back(argument);
    }
  }
  if (list.images.empty()) throw usage_error("no image found in " + std::to_string(arguments.size()) + " argument(s)");
  return list;
}

}  // namespace magritte::predict
