// Vertex AI's resources as `gcloud ai ... --format=json` prints them: custom jobs, endpoints
// (deployed models, traffic split, labels) and the registry's versions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "release/vertex_resources.hpp"

namespace magritte::release {
namespace {

using ::testing::ElementsAre;
using nlohmann::json;

json custom_job(const std::string& id, const std::string& name, const std::string& state,
                const std::string& created) {
  return {{"name", "projects/123/locations/europe-west1/customJobs/" + id},
          {"displayName", name},
          {"state", state},
          {"createTime", created}};
}

std::vector<std::string> ids(const std::vector<JobStatus>& jobs) {
  std::vector<std::string> out;
  for (const auto& job : jobs) out.push_back(job.id);
  return out;
}

TEST(CustomJob, IdStateTimesErrorAndTheChiefsArgs) {
  const auto job = parse_custom_job(json::parse(R"({
    "name": "projects/123/locations/europe-west1/customJobs/4567",
    "displayName": "magritte_v3",
    "state": "JOB_STATE_FAILED",
    "error": {"code": 3, "message": "The replica workerpool0-0 exited with a non-zero status of 1."},
    "createTime": "2026-11-29T10:00:00.123456Z",
    "startTime": "2026-11-29T10:01:00Z",
    "endTime": "2026-11-29T10:05:00Z",
    "jobSpec": {"workerPoolSpecs": [
      {"pythonPackageSpec": {"args": ["--num-epochs", "3", "--steps", "3"]}},
      {"pythonPackageSpec": {"args": ["--other"]}}]}})"));
  EXPECT_EQ(job.id, "4567");
  EXPECT_EQ(job.name, "magritte_v3");
  EXPECT_EQ(job.state, "FAILED");
  EXPECT_EQ(job.error_message, "The replica workerpool0-0 exited with a non-zero status of 1.");
  ASSERT_TRUE(job.create_time && job.start_time && job.end_time);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::seconds>(*job.end_time - *job.start_time).count(), 240);
  EXPECT_EQ(job.args, json({"--num-epochs", "3", "--steps", "3"}));
  EXPECT_EQ(job.resource["displayName"], "magritte_v3");
}

TEST(CustomJob, MissingFieldsGiveEmptyValues) {
  const auto job = parse_custom_job(json::parse(R"({"name": "projects/1/locations/r/customJobs/9"})"));
  EXPECT_EQ(job.id, "9");
  EXPECT_EQ(job.state, "UNSPECIFIED");
  EXPECT_EQ(job.error_message, "");
  EXPECT_FALSE(job.create_time);
  EXPECT_EQ(job.args, json::array());
  EXPECT_EQ(parse_custom_job(json("not an object")).id, "");
}

TEST(CustomJob, StatesLoseOnlyTheirPrefix) {
  for (const auto& [given, expected] :
       {std::pair{"JOB_STATE_RUNNING", "RUNNING"}, {"JOB_STATE_PARTIALLY_SUCCEEDED", "PARTIALLY_SUCCEEDED"},
        {"JOB_STATE_EXPIRED", "EXPIRED"}, {"QUEUED", "QUEUED"}}) {
    EXPECT_EQ(parse_custom_job(json{{"state", given}}).state, expected);
  }
}

TEST(JobsNamed, ExactNamesNewestFirst) {
  const json list = {custom_job("1", "magritte_v3", "JOB_STATE_FAILED", "2026-11-29T09:00:00Z"),
                     custom_job("2", "magritte_v3", "JOB_STATE_RUNNING", "2026-11-29T11:00:00Z"),
                     custom_job("3", "magritte_v3x", "JOB_STATE_RUNNING", "2026-11-29T12:00:00Z"),
                     custom_job("4", "magritte_v3", "JOB_STATE_SUCCEEDED", "2026-11-29T10:00:00Z"),
                     custom_job("5", "Magritte_v3", "JOB_STATE_SUCCEEDED", "2026-11-29T13:00:00Z")};
  EXPECT_THAT(ids(jobs_named(list, "magritte_v3", false)), ElementsAre("2", "4", "1"));
}

TEST(JobsNamed, PrefixMatchesNamesThatStartWithIt) {
  const json list = {custom_job("7", "magritte_v3_20261129_100000", "JOB_STATE_SUCCEEDED", "2026-11-29T10:00:00Z"),
                     custom_job("8", "magritte_v3_20261129_110000", "JOB_STATE_FAILED", "2026-11-29T11:00:00Z"),
                     custom_job("9", "magritte_v30_20261129_120000", "JOB_STATE_FAILED", "2026-11-29T12:00:00Z"),
                     custom_job("6", "other_v3_20261129_130000", "JOB_STATE_FAILED", "2026-11-29T13:00:00Z")};
  EXPECT_THAT(ids(jobs_named(list, "magritte_v3_", true)), ElementsAre("8", "7"));
}

TEST(JobsNamed, SameTimeTheHigherIdFirst) {
  const json list = {custom_job("9", "j", "JOB_STATE_QUEUED", "2026-11-29T10:00:00Z"),
                     custom_job("10", "j", "JOB_STATE_QUEUED", "2026-11-29T10:00:00Z")};
  EXPECT_THAT(ids(jobs_named(list, "j", false)), ElementsAre("10", "9"));
}

TEST(JobsNamed, NotAListIsNoJobs) {
  EXPECT_TRUE(jobs_named(json::object(), "j", false).empty());
  EXPECT_TRUE(jobs_named(json(), "j", false).empty());
}

const char* kEndpoint = R"({
  "name": "projects/123/locations/europe-west1/endpoints/42",
  "displayName": "magritte",
  "deployedModels": [
    {"id": "6689534191", "model": "projects/123/locations/europe-west1/models/magritte",
     "modelVersionId": "1", "displayName": "v1", "createTime": "2026-11-29T09:30:00Z"},
    {"id": "8201162402", "model": "projects/123/locations/europe-west1/models/magritte@2",
     "displayName": "v2"}],
  "trafficSplit": {"6689534191": 90, "8201162402": "10"},
  "labels": {"magritte-previous-1": "v0", "magritte-canary": "v2", "team": "vision"}})";

TEST(EndpointParsing, IdsDeployedModelsSplitAndLabels) {
  const auto endpoint = parse_endpoint(json::parse(kEndpoint));
  EXPECT_EQ(endpoint.id, "42");
  EXPECT_EQ(endpoint.name, "projects/123/locations/europe-west1/endpoints/42");
  EXPECT_EQ(endpoint.display_name, "magritte");
  ASSERT_EQ(endpoint.deployed.size(), 2u);
  EXPECT_EQ(endpoint.deployed[0].id, "6689534191");
  EXPECT_EQ(endpoint.deployed[0].version_id, "1");
  EXPECT_EQ(endpoint.deployed[0].display_name, "v1");
  EXPECT_EQ(endpoint.deployed[0].create_time, "2026-11-29T09:30:00Z");
  EXPECT_EQ(endpoint.deployed[1].version_id, "2");  // from the model's @2
  EXPECT_EQ(endpoint.traffic, (std::map<std::string, int>{{"6689534191", 90}, {"8201162402", 10}}));
  EXPECT_EQ(endpoint.labels.at("magritte-canary"), "v2");
  EXPECT_EQ(endpoint.labels.size(), 3u);
  EXPECT_EQ(endpoint.find_deployed_version("2"), &endpoint.deployed[1]);
  EXPECT_EQ(endpoint.find_deployed_version("3"), nullptr);
}

TEST(EndpointParsing, AnEmptyEndpoint) {
  const auto endpoint =
      parse_endpoint(json::parse(R"({"name": "projects/1/locations/r/endpoints/7", "displayName": "m"})"));
  EXPECT_EQ(endpoint.id, "7");
  EXPECT_TRUE(endpoint.deployed.empty());
  EXPECT_TRUE(endpoint.traffic.empty());
  EXPECT_TRUE(endpoint.labels.empty());
}

TEST(EndpointParsing, WrongTypesAreIgnored) {
  const auto endpoint = parse_endpoint(json::parse(
      R"({"name": "e/1", "deployedModels": "none", "trafficSplit": {"5": "x", "6": null}, "labels": {"a": 1}})"));
  EXPECT_TRUE(endpoint.deployed.empty());
  EXPECT_EQ(endpoint.traffic, (std::map<std::string, int>{{"5", 0}, {"6", 0}}));
  EXPECT_TRUE(endpoint.labels.empty());
}

TEST(EndpointsNamed, OnlyExactDisplayNames) {
  const json list = {{{"name", "e/1"}, {"displayName", "magritte"}},
                     {{"name", "e/2"}, {"displayName", "magritte-old"}},
                     {{"name", "e/3"}, {"displayName", "magritte"}}};
  const auto found = endpoints_named(list, "magritte");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].id, "1");
  EXPECT_EQ(found[1].id, "3");
  EXPECT_TRUE(endpoints_named(list, "Magritte").empty());
}

json registry_version(const std::string& id, const std::vector<std::string>& aliases, const std::string& created) {
  return {{"name", "projects/123/locations/europe-west1/models/magritte"},
          {"versionId", id},
          {"versionAliases", aliases},
          {"versionCreateTime", created},
          {"createTime", "2026-01-01T00:00:00Z"},
          {"artifactUri", "gs://b/models/magritte_v" + id + "/model"}};
}

TEST(ModelVersions, NamesFromAliasesNewestFirstWithTheirPlaceOnTheEndpoint) {
  const json list = {registry_version("1", {"v1"}, "2026-11-29T09:00:00Z"),
                     registry_version("2", {"default", "v2"}, "2026-11-29T10:00:00Z"),
                     registry_version("3", {}, "2026-11-29T11:00:00Z")};
  const auto endpoint = parse_endpoint(json::parse(kEndpoint));
  const auto versions = parse_model_versions(list, &endpoint);
  ASSERT_EQ(versions.size(), 3u);
  EXPECT_EQ(versions[0].name, "3");  // no alias: its id
  EXPECT_EQ(versions[1].name, "v2");  // the first alias other than default
  EXPECT_EQ(versions[2].name, "v1");
  EXPECT_THAT(versions[1].aliases, ElementsAre("default", "v2"));
  EXPECT_EQ(versions[1].state, "READY");
  EXPECT_EQ(versions[1].origin, "gs://b/models/magritte_v2/model");
  EXPECT_EQ(versions[1].create_time, "2026-11-29T10:00:00Z");  // the version's, not the model's
  EXPECT_FALSE(versions[0].deployed_model_id);
  EXPECT_EQ(versions[0].traffic, 0);
  EXPECT_EQ(versions[1].deployed_model_id, "8201162402");
  EXPECT_EQ(versions[1].traffic, 10);
  EXPECT_EQ(versions[2].deployed_model_id, "6689534191");
  EXPECT_EQ(versions[2].traffic, 90);
  for (const auto& version : versions) EXPECT_FALSE(version.is_default) << version.name;  // a split
  EXPECT_EQ(serving_version(versions), "");
}

TEST(ModelVersions, TheVersionWithAllTheTrafficIsTheDefault) {
  const json list = {registry_version("1", {"v1"}, "2026-11-29T09:00:00Z"),
                     registry_version("2", {"v2"}, "2026-11-29T10:00:00Z")};
  const auto endpoint = parse_endpoint(json::parse(R"({"name": "e/42",
      "deployedModels": [{"id": "11", "modelVersionId": "1"}, {"id": "22", "modelVersionId": "2"}],
      "trafficSplit": {"11": 100}})"));
  const auto versions = parse_model_versions(list, &endpoint);
  EXPECT_EQ(versions[0].name, "v2");
  EXPECT_EQ(versions[0].traffic, 0);
  EXPECT_TRUE(versions[0].deployed_model_id);  // deployed, at 0 %
  EXPECT_TRUE(versions[1].is_default);
  EXPECT_EQ(serving_version(versions), "v1");
}

// json::array, not json{...}: one braced json element is a copy under clang and an array under gcc.
TEST(ModelVersions, WithoutEndpointNothingIsDeployed) {
  const auto versions = parse_model_versions(json::array({registry_version("1", {"v1"}, "2026-11-29T09:00:00Z")}), nullptr);
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_FALSE(versions[0].deployed_model_id);
  EXPECT_FALSE(versions[0].is_default);
}

TEST(ModelVersions, CreateTimeFallsBackToTheModelsAndTiesGoByIdNaturally) {
  json a = registry_version("9", {"v9"}, "");
  json b = registry_version("10", {"v10"}, "");
  a.erase("versionCreateTime");
  b.erase("versionCreateTime");
  const auto versions = parse_model_versions(json{a, b}, nullptr);
  EXPECT_EQ(versions[0].name, "v10");
  EXPECT_EQ(versions[0].create_time, "2026-01-01T00:00:00Z");
  EXPECT_EQ(versions[1].name, "v9");
}

TEST(ModelVersions, NotAListIsNoVersions) {
  EXPECT_TRUE(parse_model_versions(json::object(), nullptr).empty());
}

}  // namespace
}  // namespace magritte::release
