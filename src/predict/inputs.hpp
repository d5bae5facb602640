// The images a run predicts: files as given, directories walked recursively in sorted
// order, keeping only files with an image extension (the rest are reported and skipped).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace magritte::predict {

struct InputList {
  std::vector<std::string> images;   // in prediction order; paths as given or found
  std::vector<std::string> skipped;  // files in walked directories that are not images
};

// Throws Error(usage) when there is nothing to predict. A named file that does not exist
// stays in the list: reading it fails later, for that image only.
InputList collect_inputs(const std::vector<std::string>& arguments);

// .jpg .jpeg .jpe .png .bmp .webp .tif .tiff .ppm .pgm .pbm .pnm, in any case.
bool has_image_extension(const std::filesystem::path& path);

}  // namespace magritte::predict
