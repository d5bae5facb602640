#include "emulator/faults.hpp"

#include <stdexcept>

namespace magritte::emulator {
using nlohmann::json;

namespace {

constexpr std::pair<const char*, Fault::Mode> kModes[] = {
    {"status", Fault::Mode::status},       {"delay", Fault::Mode::delay},
    {"drop", Fault::Mode::drop},           {"drop_after", Fault::Mode::drop_after},
    {"slow_body", Fault::Mode::slow_body}, {"truncate_json", Fault::Mode::truncate_json},
    {"hold", Fault::Mode::hold},           {"hold_response", Fault::Mode::hold_response},
};

const char* mode_name(Fault::Mode mode) {
  for (const auto& [name, value] : kModes) {
    if (value == mode) return name;
  }
  return "?";
}

template <typename T>
T field(const json& spec, const char* name, T fallback) {
  auto it = spec.find(name);
  if (it == spec.end() || it->is_null()) return fallback;
  try {
    return it->get<T>();
  } catch (const json::exception&) {
    throw std::invalid_argument(std::string("fault field '") + name + "' has the wrong type");
  }
}

std::regex compile(const std::string& pattern, const char* field_name) {
  try {
    return std::regex(pattern, std::regex::ECMAScript | std::regex::optimize);
  } catch (const std::regex_error& error) {
    throw std::invalid_argument(std::string("fault field '") + field_name + "' is not a valid regex: " +
                                error.what());
  }
}

}  // namespace

std::optional<Fault::Mode> parse_fault_mode(const std::string& text) {
  for (const auto& [name, value] : kModes) {
    if (text == name) return value;
  }
  return std::nullopt;
}

std::string Fault::describe() const {
  std::string text = "fault#" + std::to_string(rule_id) + " " + mode_name(mode);
  if (mode == Mode::status) text += " " + std::to_string(status);
  if (delay_ms > 0) text += " " + std::to_string(delay_ms) + "ms";
  return text;
}

int FaultInjector::add(const json& spec) {
  if (!spec.is_object()) throw std::invalid_argument("a fault rule is a JSON object");
  Rule rule;
  rule.spec = spec;
  rule.path = compile(field<std::string>(spec, "path", ""), "path");
  if (spec.contains("host")) rule.host = compile(field<std::string>(spec, "host", ""), "host");
  rule.method = field<std::string>(spec, "method", "");
  const std::string mode = field<std::string>(spec, "mode", "status");
  const auto parsed = parse_fault_mode(mode);
  if (!parsed) {
    throw std::invalid_argument("unknown fault mode '" + mode +
                                "'; accepted: status, delay, drop, drop_after, slow_body, truncate_json, hold, "
                                "hold_response");
  }
  rule.fault.mode = *parsed;
  rule.fault.status = field<int>(spec, "status", 503);
  rule.fault.delay_ms = field<int>(spec, "delay_ms", rule.fault.mode == Fault::Mode::slow_body ? 2000 : 0);
  rule.fault.message = field<std::string>(spec, "message", "Injected fault (emulator fault injection)");
  rule.remaining = field<int>(spec, "count", 0);
  if (rule.fault.status < 100 || rule.fault.status > 599) throw std::invalid_argument("fault status must be 100..599");
  if (rule.remaining < 0 || rule.fault.delay_ms < 0) throw std::invalid_argument("count and delay_ms must be >= 0");
  std::lock_guard lock(mutex_);
  rule.id = rule.fault.rule_id = next_id_++;
  rules_.push_back(std::move(rule));
  empty_ = false;
  return rules_.back().id;
}

void FaultInjector::clear() {
  {
    std::lock_guard lock(mutex_);
    rules_.clear();
    empty_ = true;
    ++clear_count_;
  }
  released_.notify_all();
}

void FaultInjector::wait_until_released(const Fault& fault, const Request& request) {
  std::unique_lock lock(mutex_);
  const json entry = {{"rule", fault.rule_id}, {"method", request.method}, {"path", request.path}};
  held_.push_back(entry);
  const std::uint64_t seen = clear_count_;
  released_.wait(lock, [&] { return clear_count_ != seen; });
  for (auto it = held_.begin(); it != held_.end(); ++it) {
    if (*it == entry) {
      held_.erase(it);
      break;
    }
  }
}

json FaultInjector::describe() const {
  std::lock_guard lock(mutex_);
  json rules = json::array();
  for (const Rule& rule : rules_) {
    json entry = rule.spec;
    entry["id"] = rule.id;
    entry["hits"] = rule.hits;
    entry["remaining"] = rule.remaining;  // 0: until cleared
    rules.push_back(entry);
  }
  return {{"faults", rules}, {"held", held_}};
}

std::optional<Fault> FaultInjector::take(const Request& request) {
  if (empty_) return std::nullopt;
  std::lock_guard lock(mutex_);
  for (auto it = rules_.begin(); it != rules_.end(); ++it) {
    if (!it->method.empty() && it->method != request.method) continue;
    if (it->host && !std::regex_search(request.host, *it->host)) continue;
    if (!std::regex_search(request.path, it->path)) continue;
    ++it->hits;
    Fault fault = it->fault;
    if (it->remaining > 0 && --it->remaining == 0) {
      rules_.erase(it);
      empty_ = rules_.empty();
    }
    return fault;
  }
  return std::nullopt;
}

}  // namespace magritte::emulator
