#include "doctor/check.hpp"

#include <algorithm>

namespace magritte::doctor {
namespace {

std::string pad(std::string_view text, std::size_t width) {
  std::string padded(text);
  padded.resize(std::max(width, text.size()), ' ');
  return padded;
}

std::string plural(std::size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

std::string_view status_name(Status status) {
  switch (status) {
    case Status::ok: return "ok";
    case Status::warn: return "warn";
    case Status::fail: return "fail";
  }
  return "?";
}

std::size_t count(const std::vector<Check>& checks, Status status) {
  return static_cast<std::size_t>(
      std::count_if(checks.begin(), checks.end(), [status](const Check& check) { return check.status == status; }));
}

std::string render_text(const std::vector<Check>& checks) {
  std::size_t name_width = 0;
  for (const auto& check : checks) name_width = std::max(name_width, check.name.size());
  constexpr std::size_t kStatusWidth = 4;  // "fail", "warn"
  const std::string indent(kStatusWidth + 2 + name_width + 2, ' ');
  std::string text;
  for (const auto& check : checks) {
    text += pad(status_name(check.status), kStatusWidth) + "  " + pad(check.name, name_width) + "  " + check.detail + "\n";
    if (!check.fix.empty()) text += indent + "fix: " + check.fix + "\n";
  }
  text += std::to_string(count(checks, Status::ok)) + " ok, " + plural(count(checks, Status::warn), "warning") + ", " +
          std::to_string(count(checks, Status::fail)) + " failed\n";
  return text;
}

nlohmann::json to_json(const std::vector<Check>& checks) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& check : checks) {
    list.push_back({{"name", check.name},
                    {"status", status_name(check.status)},
                    {"detail", check.detail},
                    {"fix", check.fix.empty() ? nlohmann::json(nullptr) : nlohmann::json(check.fix)}});
  }
  return {{"checks", list},
          {"ok", count(checks, Status::ok)},
          {"warn", count(checks, Status::warn)},
          {"fail", count(checks, Status::fail)}};
}

}  // namespace magritte::doctor
