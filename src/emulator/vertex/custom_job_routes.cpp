// projects.locations.customJobs: create (the job really runs), get, list, cancel.
#include "emulator/ml/api_request.hpp"
#include "emulator/vertex/errors.hpp"
#include "emulator/vertex/vertex_parts.hpp"

namespace magritte::emulator::vertex {

namespace {

// `gcloud ai custom-jobs list --filter` filters on the client; other clients may send simple
// equality filters: display_name="x", state=JOB_STATE_SUCCEEDED, joined with AND.
bool matches_filter(const nlohmann::json& job, const std::string& filter) {
  std::string rest = filter;
  while (!rest.empty()) {
    const auto and_at = rest.find(" AND ");
    std::string term = rest.substr(0, and_at);
    rest = and_at == std::string::npos ? "" : rest.substr(and_at + 5);
    const auto equals = term.find('=');
    if (equals == std::string::npos) throw field_error("filter", "Unsupported filter \"" + filter + "\".");
    std::string field = term.substr(0, equals);
    std::string value = term.substr(equals + 1);
    auto trim = [](std::string& text) {
      while (!text.empty() && (text.front() == ' ' || text.front() == '"')) text.erase(text.begin());
      while (!text.empty() && (text.back() == ' ' || text.back() == '"')) text.pop_back();
    };
    trim(field);
    trim(value);
    std::string actual;
    if (field == "display_name" || field == "displayName") {
      actual = job.value("displayName", "");
    } else if (field == "state") {
      actual = job.value("state", "");
    } else {
      throw field_error("filter", "Unsupported filter field \"" + field + "\" (display_name and state are).");
    }
    if (actual != value) return false;
  }
  return true;
}

Response create_custom_job(VertexService::Parts& parts, Request& request) {
  const Location where = location_of(request);
  const nlohmann::json job = parts.jobs.create(where, parts.ids.next(), ml::json_body(request));
  const std::string name = job.value("name", "");
  const training::JobRef ref{where.project, name.substr(name.rfind('/') + 1)};
  if (!parts.holds->defer(HoldKind::custom_job_queued, {name, job.value("displayName", "")},
                         [&parts, ref] { parts.runner.submit(ref); })) {
    parts.runner.submit(ref);
  }
  return Response::json(200, job);
}

Response get_custom_job(VertexService::Parts& parts, Request& request) {
  return Response::json(200, parts.jobs.get(location_of(request), request.param("job")));
}

Response list_custom_jobs(VertexService::Parts& parts, Request& request) {
  const std::string filter = request.query_value("filter").value_or("");
  std::vector<nlohmann::json> jobs;
  for (auto& job : parts.jobs.list(location_of(request))) {
    if (filter.empty() || matches_filter(job, filter)) jobs.push_back(std::move(job));
  }
  // Newest first; createTime is fixed-width, so the key decreases along the list.
  auto key = [](const nlohmann::json& job) { return job.value("createTime", "") + "~" + job.value("name", ""); };
  return Response::json(200, ml::list_page("customJobs", jobs, key, request, /*descending=*/true));
}

Response cancel_custom_job(VertexService::Parts& parts, Request& request) {
  const Location where = location_of(request);
  const nlohmann::json job = parts.jobs.get(where, request.param("job"));  // 404
  if (!parts.runner.cancel({where.project, request.param("job")})) {
    throw ml::failed_precondition("CustomJob `" + job.value("name", "") + "` is already in a final state (" +
                                  job.value("state", "") + ") and cannot be cancelled.");
  }
  return Response::json(200, nlohmann::json::object());
}

}  // namespace

void add_custom_job_routes(Router& router, VertexService::Parts& parts) {
  auto bind = [&parts](PartsHandler handler) { return bind_handler(parts, handler); };
  for (const auto& prefix : location_prefixes()) {
    router.add("POST", prefix + "/customJobs", bind(create_custom_job));
    router.add("GET", prefix + "/customJobs", bind(list_custom_jobs));
    router.add("GET", prefix + "/customJobs/{job}", bind(get_custom_job));
    router.add("POST", prefix + "/customJobs/{job}:cancel", bind(cancel_custom_job));
  }
}

}  // namespace magritte::emulator::vertex
