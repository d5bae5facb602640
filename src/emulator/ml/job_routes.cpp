// projects.jobs: create, get, list, cancel, patch (labels).
#include "emulator/ml/api_error.hpp"
#include "emulator/ml/api_request.hpp"
#include "emulator/ml/ml_parts.hpp"
#include "emulator/ml/names.hpp"

namespace magritte::emulator::ml {

namespace {

constexpr const char* kJobsRoute = "/v1/projects/{project}/jobs";
constexpr const char* kJob = "/v1/projects/{project}/jobs/{job}";

Response create_job(MlService::Parts& parts, Request& request) {
  const std::string project = request.param("project");
  const nlohmann::json job = parts.jobs.create(project, json_body(request));
  parts.runner.submit({project, job.value("jobId", "")});
  return Response::json(200, job);
}

Response get_job(MlService::Parts& parts, Request& request) {
  return Response::json(200, parts.jobs.get(request.param("project"), request.param("job")));
}

Response list_jobs(MlService::Parts& parts, Request& request) {
  const std::string project = request.param("project");
  validate_project(project);
  // Newest first; createTime is fixed-width, so the key decreases along the list.
  auto key = [](const nlohmann::json& job) {
    return job.value("createTime", "") + "~" + job.value("jobId", "");
  };
  return Response::json(200, list_page("jobs", parts.jobs.list(project), key, request,
                                       /*descending=*/true));
}

Response cancel_job(MlService::Parts& parts, Request& request) {
  if (!parts.runner.cancel({request.param("project"), request.param("job")})) {
    throw failed_precondition("Cannot cancel an already completed job.");
  }
  return Response::json(200, nlohmann::json::object());
}

Response patch_job(MlService::Parts& parts, Request& request) {
  const auto body = json_body(request);
  const std::string mask = request.query_value("updateMask").value_or("");
  if (mask != "labels") {
    throw invalid_argument("Field: update_mask Error: Only \"labels\" can be updated on a job.");
  }
  return Response::json(200, parts.jobs.update(request.param("project"), request.param("job"),
                                               [&](nlohmann::json& job) {
                                                 if (body.contains("labels")) {
                                                   job["labels"] = body["labels"];
                                                 } else {
                                                   job.erase("labels");
                                                 }
                                               }));
}

}  // namespace

void add_job_routes(Router& router, MlService::Parts& parts) {
  auto bind = [&parts](PartsHandler handler) { return bind_handler(parts, handler); };
  router.add("POST", kJobsRoute, bind(create_job));
  router.add("GET", kJobsRoute, bind(list_jobs));
  router.add("GET", kJob, bind(get_job));
  router.add("POST", std::string(kJob) + ":cancel", bind(cancel_job));
  router.add("PATCH", kJob, bind(patch_job));
}

}  // namespace magritte::emulator::ml
