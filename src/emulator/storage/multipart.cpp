#include "emulator/storage/multipart.hpp"

#include <stdexcept>

#include "magritte/text.hpp"

namespace magritte::emulator::storage {
namespace {

Headers parse_part_headers(std::string_view text, std::string_view newline) {
  Headers headers;
  while (!text.empty()) {
    const auto end = text.find(newline);
    const std::string_view line = text.substr(0, end);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      headers[std::string(trim_space(line.substr(0, colon)))] = std::string(trim_space(line.substr(colon + 1)));
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + newline.size());
  }
  return headers;
}

[[noreturn]] void malformed(const std::string& why) {
  throw std::invalid_argument("Malformed multipart body: " + why);
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  std::size_t search = 0;
  while (true) {
    const auto at = content_type.find("boundary=", search);
    if (at == std::string_view::npos) return std::nullopt;
    // Must be a parameter name of its own, not the tail of another ("xboundary=").
    if (at == 0 || content_type[at - 1] == ';' || content_type[at - 1] == ' ') {
      std::string_view value = content_type.substr(at + 9);
      if (!value.empty() && (value.front() == '\'' || value.front() == '"')) {
        const char quote = value.front();
        const auto close = value.find(quote, 1);
        if (close == std::string_view::npos) return std::nullopt;
        return std::string(value.substr(1, close - 1));
      }
      return std::string(trim_space(value.substr(0, value.find(';'))));
    }
    search = at + 1;
  }
}

std::vector<MultipartPart> parse_multipart(std::string_view body, std::string_view boundary) {
  if (boundary.empty()) malformed("empty boundary");
  const std::string delimiter = "--" + std::string(boundary);
  std::size_t position = 0;
  if (body.substr(0, delimiter.size()) != delimiter) {
    position = body.find("\n" + delimiter);
    if (position == std::string_view::npos) malformed("no opening boundary '" + delimiter + "'");
    position += 1;
  }
  position += delimiter.size();
  // The line end right after the first delimiter decides the style for the whole body.
  const std::string_view newline = body.substr(position, 2) == "\r\n" ? "\r\n" : "\n";
  if (body.substr(position, newline.size()) != newline) malformed("no line end after the boundary");
  position += newline.size();

  const std::string separator = std::string(newline) + delimiter;
  std::vector<MultipartPart> parts;
  while (true) {
    const auto end = body.find(separator, position);
    if (end == std::string_view::npos) malformed("no closing boundary");
    const std::string_view part = body.substr(position, end - position);
    const std::string blank = std::string(newline) + std::string(newline);
    MultipartPart parsed;
    if (part.substr(0, newline.size()) == newline) {
      parsed.body = std::string(part.substr(newline.size()));  // no headers at all
    } else {
      const auto headers_end = part.find(blank);
      if (headers_end == std::string_view::npos) malformed("a part has no blank line after its headers");
      parsed.headers = parse_part_headers(part.substr(0, headers_end), newline);
      parsed.body = std::string(part.substr(headers_end + blank.size()));
    }
    parts.push_back(std::move(parsed));
    position = end + separator.size();
    if (body.substr(position, 2) == "--") break;  // close delimiter
    if (body.substr(position, newline.size()) != newline) malformed("garbage after a boundary");
    position += newline.size();
  }
  return parts;
}

}  // namespace magritte::emulator::storage
