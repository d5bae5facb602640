// Scale tiers and the master/worker/parameter-server keys as Vertex AI worker pools
// (docs/vertex.md, "Scale tiers as worker pools").
#include <gmock/gmock.h>

#include "plan/vertex_pools.hpp"
#include "plan_test_support.hpp"

namespace magritte::plan::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using Pools = PlanTest;

// "2 x n1-highcpu-8 + 4 NVIDIA_TESLA_T4", one string per pool, to compare whole layouts.
std::vector<std::string> layout(const WorkerPools& pools) {
  std::vector<std::string> out;
  for (const auto& pool : pools.pools) {
    std::string text = std::to_string(pool.replica_count) + " x " + pool.machine_type;
    if (pool.accelerator) text += " + " + std::to_string(pool.accelerator_count) + " " + *pool.accelerator;
    out.push_back(text);
  }
  return out;
}

TEST_F(Pools, NoTierIsBasicOneStandardMachine) {
  const auto pools = worker_pools(settings());
  EXPECT_THAT(layout(pools), ElementsAre("1 x n1-standard-4"));
  EXPECT_THAT(pools.notes, IsEmpty());
}

TEST_F(Pools, BasicTier) {
  set("train.scale_tier", "basic");
  const auto pools = worker_pools(settings());
  EXPECT_THAT(layout(pools), ElementsAre("1 x n1-standard-4"));
  EXPECT_THAT(pools.notes, IsEmpty());
}

TEST_F(Pools, BasicGpuGetsOneT4InsteadOfAK80AndSaysSo) {
  set("train.scale_tier", "basic-gpu");
  const auto pools = worker_pools(settings());
  EXPECT_THAT(layout(pools), ElementsAre("1 x n1-standard-8 + 1 NVIDIA_TESLA_T4"));
  ASSERT_EQ(pools.notes.size(), 1u);
  EXPECT_THAT(pools.notes[0], HasSubstr("'basic-gpu' ran on one NVIDIA K80"));
  EXPECT_THAT(pools.notes[0], HasSubstr("one NVIDIA T4 instead"));
}

TEST_F(Pools, BasicTpu) {
  set("train.scale_tier", "basic-tpu");
  const auto pools = worker_pools(settings());
  EXPECT_THAT(layout(pools), ElementsAre("1 x cloud-tpu + 8 TPU_V2"));
  EXPECT_THAT(pools.notes, IsEmpty());
}

TEST_F(Pools, Standard1IsChiefWorkersAndParameterServers) {
  set("train.scale_tier", "standard-1");
  EXPECT_THAT(layout(worker_pools(settings())),
              ElementsAre("1 x n1-highcpu-8", "4 x n1-highcpu-8", "3 x n1-standard-4"));
}

TEST_F(Pools, Premium1) {
  set("train.scale_tier", "premium-1");
  EXPECT_THAT(layout(worker_pools(settings())),
              ElementsAre("1 x n1-highcpu-16", "19 x n1-highcpu-16", "11 x n1-highmem-8"));
}

TEST_F(Pools, CustomWithAllThreeRoles) {
  set("train.scale_tier", "custom");
  set("train.master_machine_type", "n1-standard-8");
  set("train.worker_machine_type", "n1-highcpu-16");
  set("train.worker_count", "2");
  set("train.parameter_server_machine_type", "n1-highmem-4");
  set("train.parameter_server_count", "3");
  const auto pools = worker_pools(settings());
  EXPECT_THAT(layout(pools), ElementsAre("1 x n1-standard-8", "2 x n1-highcpu-16", "3 x n1-highmem-4"));
  EXPECT_THAT(pools.notes, IsEmpty());  // custom is what the keys say: nothing ignored
}

TEST_F(Pools, CustomMasterOnlyIsOnePool) {
  set("train.scale_tier", "custom");
  set("train.master_machine_type", "n1-standard-16");
  EXPECT_THAT(layout(worker_pools(settings())), ElementsAre("1 x n1-standard-16"));
}

TEST_F(Pools, CustomWithoutMasterIsAUsageError) {
  // The loader refuses it too; worker_pools must not rely on that.
  config::Settings bare({config::Setting{"train.scale_tier", std::string("custom"), std::string("custom"), {}}});
  try {
    worker_pools(bare);
    FAIL() << "expected a usage error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::usage);
    EXPECT_THAT(error.what(), HasSubstr("requires train.master_machine_type"));
  }
}

TEST_F(Pools, MasterKeysWinOverAnotherTierWithANote) {
  set("train.scale_tier", "premium-1");
  set("train.master_machine_type", "n1-standard-4");
  const auto pools = worker_pools(settings());
  EXPECT_THAT(layout(pools), ElementsAre("1 x n1-standard-4"));
  EXPECT_THAT(pools.notes, ElementsAre("train.scale_tier 'premium-1' is ignored: train.master_machine_type is set"));
}

TEST_F(Pools, ParameterServersWithoutWorkersAreRefused) {
  set("train.master_machine_type", "n1-standard-4");
  set("train.parameter_server_machine_type", "n1-standard-4");
  set("train.parameter_server_count", "2");
  try {
    worker_pools(settings());
    FAIL() << "expected a usage error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::usage);
    EXPECT_THAT(error.what(), HasSubstr("train.parameter_server_count is 2 but there are no workers"));
  }
}

TEST_F(Pools, ParameterServersWithZeroWorkersAreRefused) {
  set("train.master_machine_type", "n1-standard-4");
  set("train.worker_machine_type", "n1-standard-4");
  set("train.worker_count", "0");
  set("train.parameter_server_machine_type", "n1-standard-4");
  set("train.parameter_server_count", "1");
  EXPECT_THROW(worker_pools(settings()), Error);
}

TEST_F(Pools, ZeroWorkersMeansNoWorkerPool) {
  set("train.master_machine_type", "n1-standard-4");
  set("train.worker_machine_type", "n1-standard-8");
  set("train.worker_count", "0");
  EXPECT_THAT(layout(worker_pools(settings())), ElementsAre("1 x n1-standard-4"));
}

TEST_F(Pools, LegacyMachineNamesBecomeComputeEngineTypesWithTheirGpus) {
  set("train.master_machine_type", "complex_model_m_gpu");
  set("train.worker_machine_type", "large_model_v100");
  set("train.worker_count", "2");
  set("train.parameter_server_machine_type", "complex_model_s");
  set("train.parameter_server_count", "1");
  const auto pools = worker_pools(settings());
  EXPECT_THAT(layout(pools), ElementsAre("1 x n1-standard-16 + 4 NVIDIA_TESLA_T4",
                                         "2 x n1-highmem-8 + 1 NVIDIA_TESLA_V100", "1 x n1-highcpu-8"));
  EXPECT_THAT(pools.notes,
              ElementsAre("NVIDIA K80 GPUs are no longer offered by Vertex AI: NVIDIA T4 instead",
                          "train.master_machine_type 'complex_model_m_gpu' is an AI Platform legacy name: "
                          "n1-standard-16 on Vertex",
                          "train.worker_machine_type 'large_model_v100' is an AI Platform legacy name: "
                          "n1-highmem-8 on Vertex",
                          "train.parameter_server_machine_type 'complex_model_s' is an AI Platform legacy name: "
                          "n1-highcpu-8 on Vertex"));
}

TEST_F(Pools, ARolesOwnAcceleratorWinsOverTheLegacyMachines) {
  set("train.master_machine_type", "standard_gpu");
  set("train.master_accelerator_type", "nvidia-tesla-a100");
  set("train.master_accelerator_count", "2");
  const auto pools = worker_pools(settings());
  EXPECT_THAT(layout(pools), ElementsAre("1 x n1-standard-8 + 2 NVIDIA_TESLA_A100"));
  // No K80/T4 note: the machine's K80 is not what runs, so nothing was swapped for a T4.
  EXPECT_THAT(pools.notes, ElementsAre("train.master_machine_type 'standard_gpu' is an AI Platform legacy name: "
                                       "n1-standard-8 on Vertex"));
}

TEST_F(Pools, AnExplicitK80BecomesT4WithTheSameCount) {
  set("train.master_machine_type", "n1-standard-8");
  set("train.master_accelerator_type", "nvidia-tesla-k80");
  set("train.master_accelerator_count", "4");
  const auto pools = worker_pools(settings());
  EXPECT_THAT(layout(pools), ElementsAre("1 x n1-standard-8 + 4 NVIDIA_TESLA_T4"));
  EXPECT_THAT(pools.notes, ElementsAre("NVIDIA K80 GPUs are no longer offered by Vertex AI: NVIDIA T4 instead"));
}

TEST_F(Pools, OtherMachineNamesArePassedOnAsTheyAre) {
  set("train.master_machine_type", "a2-highgpu-1g");
  const auto pools = worker_pools(settings());
  EXPECT_THAT(layout(pools), ElementsAre("1 x a2-highgpu-1g"));
  EXPECT_THAT(pools.notes, IsEmpty());
}

TEST(VertexMachineType, EveryLegacyName) {
  const std::pair<const char*, const char*> table[] = {
      {"standard", "n1-standard-4"},          {"large_model", "n1-highmem-8"},
      {"complex_model_s", "n1-highcpu-8"},    {"complex_model_m", "n1-highcpu-16"},
      {"complex_model_l", "n1-highcpu-32"},   {"standard_gpu", "n1-standard-8"},
      {"complex_model_m_gpu", "n1-standard-16"}, {"complex_model_l_gpu", "n1-standard-32"},
      {"standard_p100", "n1-standard-8"},     {"complex_model_m_p100", "n1-standard-16"},
      {"standard_v100", "n1-standard-8"},     {"large_model_v100", "n1-highmem-8"},
      {"complex_model_m_v100", "n1-standard-16"}, {"complex_model_l_v100", "n1-standard-32"},
      {"n1-standard-4", "n1-standard-4"},     {"Standard", "Standard"}};
  for (const auto& [legacy, vertex] : table) EXPECT_EQ(vertex_machine_type(legacy), vertex) << legacy;
}

TEST(VertexAccelerator, GcloudSpellingBecomesVertexsEnum) {
  std::vector<std::string> notes;
  EXPECT_EQ(vertex_accelerator("nvidia-tesla-t4", &notes), "NVIDIA_TESLA_T4");
  EXPECT_EQ(vertex_accelerator("nvidia-tesla-p100", &notes), "NVIDIA_TESLA_P100");
  EXPECT_EQ(vertex_accelerator("tpu-v3", &notes), "TPU_V3");
  EXPECT_THAT(notes, IsEmpty());
}

TEST(VertexAccelerator, K80IsT4WithANoteWhenNotesAreKept) {
  std::vector<std::string> notes;
  EXPECT_EQ(vertex_accelerator("nvidia-tesla-k80", &notes), "NVIDIA_TESLA_T4");
  EXPECT_EQ(notes.size(), 1u);
  EXPECT_EQ(vertex_accelerator("nvidia-tesla-k80", nullptr), "NVIDIA_TESLA_T4");
}

}  // namespace
}  // namespace magritte::plan::testing
