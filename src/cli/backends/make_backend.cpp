#include "cli/backends/ai_platform_backend.hpp"
#include "cli/backends/vertex_backend.hpp"

namespace magritte::cli {

std::unique_ptr<MlBackend> make_ml_backend(Context& context) {
  if (context.settings().str("gcloud.backend") == "ai-platform") return std::make_unique<AiPlatformBackend>(context);
  return std::make_unique<VertexBackend>(context);
}

}  // namespace magritte::cli
