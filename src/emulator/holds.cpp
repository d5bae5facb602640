#include "emulator/holds.hpp"

#include <array>
#include <charconv>
#include <stdexcept>
#include <utility>

#include "emulator/router.hpp"

namespace magritte::emulator {

namespace {

constexpr std::array<std::pair<HoldKind, const char*>, 8> kKindNames{{
    {HoldKind::upload, "upload"},
    {HoldKind::endpoint_create, "endpoint_create"},
    {HoldKind::deploy, "deploy"},
    {HoldKind::undeploy, "undeploy"},
    {HoldKind::custom_job_queued, "custom_job_queued"},
    {HoldKind::custom_job_running, "custom_job_running"},
    {HoldKind::version_create, "version_create"},
    {HoldKind::job_running, "job_running"},
}};

const char* name_of(HoldKind kind) {
  for (const auto& [value, name] : kKindNames) {
    if (value == kind) return name;
  }
  return "unknown";
}

HoldKind kind_named(const std::string& text) {
  for (const auto& [value, name] : kKindNames) {
    if (text == name) return value;
  }
  std::string known;
  for (const auto& [value, name] : kKindNames) known += (known.empty() ? "" : ", ") + std::string(name);
  throw std::invalid_argument("unknown hold kind \"" + text + "\" (kinds: " + known + ")");
}

std::uint64_t hold_id(const Request& request) {
  const std::string text = request.param("id");
  std::uint64_t id = 0;
  std::from_chars(text.data(), text.data() + text.size(), id);
  return id;
}

}  // namespace

std::uint64_t Holds::add(const nlohmann::json& rule) {
  if (!rule.is_object()) throw std::invalid_argument("a hold is a JSON object {\"kind\": ...}");
  Hold hold;
  hold.kind = kind_named(rule.value("kind", ""));
  hold.match_text = rule.value("match", "");
  if (!hold.match_text.empty()) {
    try {
      hold.match.emplace(hold.match_text, std::regex::ECMAScript);
    } catch (const std::regex_error& error) {
      throw std::invalid_argument("bad match regex: " + std::string(error.what()));
    }
  }
  std::lock_guard lock(mutex_);
  const std::uint64_t id = next_id_++;
  holds_.emplace(id, std::move(hold));
  return id;
}

bool Holds::defer(HoldKind kind, const std::vector<std::string>& subjects, std::function<void()> resume) {
  std::lock_guard lock(mutex_);
  for (auto& [id, hold] : holds_) {
    if (hold.kind != kind) continue;
    bool matches = !hold.match;
    for (const auto& subject : subjects) matches = matches || std::regex_search(subject, *hold.match);
    if (!matches) continue;
    hold.held.push_back(subjects.empty() ? std::string() : subjects.front());
    hold.resumes.push_back(std::move(resume));
    return true;
  }
  return false;
}

bool Holds::release(std::uint64_t id) {
  std::vector<std::function<void()>> resumes;
  {
    std::lock_guard lock(mutex_);
    auto found = holds_.find(id);
    if (found == holds_.end()) return false;
    resumes = std::move(found->second.resumes);
    holds_.erase(found);
  }
  for (auto& resume : resumes) resume();  // outside the lock: the work may take holds again
  return true;
}

void Holds::release_all() {
  std::map<std::uint64_t, Hold> released;
  {
    std::lock_guard lock(mutex_);
    released.swap(holds_);
  }
  for (auto& [id, hold] : released) {
    for (auto& resume : hold.resumes) resume();
  }
}

nlohmann::json Holds::describe() const {
  std::lock_guard lock(mutex_);
  nlohmann::json holds = nlohmann::json::array();
  for (const auto& [id, hold] : holds_) {
    holds.push_back({{"id", id}, {"kind", name_of(hold.kind)}, {"match", hold.match_text}, {"held", hold.held}});
  }
  return {{"holds", holds}};
}

void add_hold_routes(Router& control, Holds& holds) {
  control.add("GET", "/_emulator/holds", [&holds](Request&) { return Response::json(200, holds.describe()); });
  control.add("POST", "/_emulator/holds", [&holds](Request& request) {
    try {
      return Response::json(200, {{"id", holds.add(nlohmann::json::parse(request.body))}});
    } catch (const std::exception& error) {
      return Response::error(400, "INVALID_ARGUMENT", std::string("bad hold: ") + error.what());
    }
  });
  control.add("DELETE", "/_emulator/holds", [&holds](Request&) {
    holds.release_all();
    return Response::json(200, nlohmann::json::object());
  });
  control.add("DELETE", "/_emulator/holds/{id}", [&holds](Request& request) {
    if (!holds.release(hold_id(request))) return Response::error(404, "NOT_FOUND", "no hold " + request.param("id"));
    return Response::json(200, nlohmann::json::object());
  });
}

}  // namespace magritte::emulator
