#include "emulator/http_io.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>

#include "emulator/url.hpp"

namespace magritte::emulator {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool header_has_token(const Headers& headers, const char* name, std::string_view token) {
  auto it = headers.find(name);
  if (it == headers.end()) return false;
  std::string_view value = it->second;
  while (!value.empty()) {
    const auto comma = value.find(',');
    if (iequals(trim(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

bool parse_request_line(std::string_view line, RequestHead& head) {
  const auto first = line.find(' ');
  const auto last = line.rfind(' ');
  if (first == std::string_view::npos || last == first) return false;
  head.method = std::string(line.substr(0, first));
  head.target = std::string(line.substr(first + 1, last - first - 1));
  head.version = std::string(line.substr(last + 1));
  return !head.method.empty() && !head.target.empty() && head.version.rfind("HTTP/1.", 0) == 0;
}

bool parse_size(std::string_view text, int base, std::size_t& value) {
  text = trim(text);
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  return ec == std::errc() && end == text.data() + text.size();
}

int read_chunked_body(BufferedReader& reader, const HttpLimits& limits, std::size_t max_body,
                      std::string& body) {
  std::string line;
  while (true) {
    if (reader.read_line(line, limits.max_request_line) != BufferedReader::Status::ok) return 400;
    std::size_t size = 0;
    if (!parse_size(std::string_view(line).substr(0, line.find(';')), 16, size)) return 400;
    if (size == 0) break;
    if (size > max_body - body.size()) return 413;  // (body.size() + size could wrap around)
    if (reader.read_exact(size, body) != BufferedReader::Status::ok) return 400;
    if (reader.read_line(line, 2) != BufferedReader::Status::ok || !line.empty()) return 400;
  }
  // Trailers, ignored, up to the empty line.
  for (std::size_t count = 0; count < limits.max_header_count; ++count) {
    if (reader.read_line(line, limits.max_request_line) != BufferedReader::Status::ok) return 400;
    if (line.empty()) return 0;
  }
  return 431;
}

std::string http_date() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[64];
  std::strftime(text, sizeof(text), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return text;
}

}  // namespace

int read_request_head(BufferedReader& reader, const HttpLimits& limits, RequestHead& head) {
  std::string line;
  // Tolerate empty lines before a request (RFC 9112 §2.2).
  BufferedReader::Status status;
  do {
    status = reader.read_line(line, limits.max_request_line);
  } while (status == BufferedReader::Status::ok && line.empty());
  if (status == BufferedReader::Status::eof || status == BufferedReader::Status::error) return -1;
  if (status == BufferedReader::Status::too_long) return 414;
  if (!parse_request_line(line, head)) return 400;

  std::size_t header_bytes = 0;
  while (true) {
    status = reader.read_line(line, limits.max_header_bytes);
    if (status == BufferedReader::Status::too_long) return 431;
    if (status != BufferedReader::Status::ok) return 400;
    if (line.empty()) return 0;
    header_bytes += line.size();
    if (header_bytes > limits.max_header_bytes || head.headers.size() >= limits.max_header_count) {
      return 431;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0) return 400;
    const std::string name = line.substr(0, colon);
    const std::string value(trim(std::string_view(line).substr(colon + 1)));
    auto [it, inserted] = head.headers.emplace(name, value);
    if (!inserted) it->second += ", " + value;  // repeated header → comma-joined list
  }
}

std::size_t body_limit(const HttpLimits& limits, const RequestHead& head) {
  const bool resumable_put = head.method == "PUT" && head.target.find("upload_id=") != std::string::npos;
  return resumable_put ? std::max(limits.max_upload_body_bytes, limits.max_body_bytes) : limits.max_body_bytes;
}

bool has_body(const RequestHead& head) {
  if (header_has_token(head.headers, "Transfer-Encoding", "chunked")) return true;
  auto it = head.headers.find("Content-Length");
  std::size_t length = 0;
  return it != head.headers.end() && parse_size(it->second, 10, length) && length > 0;
}

int read_request_body(BufferedReader& reader, const HttpLimits& limits, const RequestHead& head,
                      std::string& body) {
  if (header_has_token(head.headers, "Transfer-Encoding", "chunked")) {
    return read_chunked_body(reader, limits, body_limit(limits, head), body);
  }
  auto it = head.headers.find("Content-Length");
  if (it == head.headers.end()) return 0;
  std::size_t length = 0;
  if (!parse_size(it->second, 10, length)) return 400;
  if (length > body_limit(limits, head)) return 413;
  return reader.read_exact(length, body) == BufferedReader::Status::ok ? 0 : 400;
}

std::string host_without_port(std::string_view authority) {
  std::string_view host = authority;
  if (!host.empty() && host.front() == '[') {
    host = host.substr(0, host.find(']') + 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  std::string lowered(host);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lowered;
}

bool build_request(const RequestHead& head, std::string_view default_host, Request& request) {
  request.method = head.method;
  request.headers = head.headers;
  std::string_view target = head.target;
  std::string authority;
  for (std::string_view scheme : {"http://", "https://"}) {
    if (target.size() > scheme.size() && iequals(target.substr(0, scheme.size()), scheme)) {
      target.remove_prefix(scheme.size());
      const auto path_start = target.find_first_of("/?");
      authority = std::string(target.substr(0, path_start));
      target = path_start == std::string_view::npos ? std::string_view("/") : target.substr(path_start);
      break;
    }
  }
  if (authority.empty()) {
    auto host = head.headers.find("Host");
    authority = host != head.headers.end() ? host->second : std::string();
  }
  request.host = host_without_port(authority.empty() ? default_host : authority);
  if (target.empty() || (target.front() != '/' && target.front() != '?')) return false;
  const auto question = target.find('?');
  request.raw_path = std::string(target.substr(0, question));
  if (request.raw_path.empty()) request.raw_path = "/";
  request.raw_query = question == std::string_view::npos ? "" : std::string(target.substr(question + 1));
  request.path = percent_decode(request.raw_path);
  request.query = parse_query(request.raw_query);
  return true;
}

bool wants_keep_alive(const RequestHead& head) {
  if (header_has_token(head.headers, "Connection", "close")) return false;
  if (head.version == "HTTP/1.0") return header_has_token(head.headers, "Connection", "keep-alive");
  return true;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 304: return "Not Modified";
    case 308: return "Resume Incomplete";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
  }
}

std::string serialize_head(const Response& response, bool keep_alive) {
  std::string out;
  out.reserve(256);
  out += "HTTP/1.1 ";
  out += std::to_string(response.status);
  out += ' ';
  out += reason_phrase(response.status);
  out += "\r\n";
  for (const auto& [name, value] : response.headers) {
    if (iequals(name, "Content-Length") || iequals(name, "Connection")) continue;
    out += name + ": " + value + "\r\n";
  }
  // 204 and 304 carry neither a body nor a Content-Length (RFC 9110 §8.6).
  const bool bodyless = response.status == 204 || response.status == 304;
  if (!bodyless) out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  out += "Date: " + http_date() + "\r\n";
  out += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  return out;
}

std::string serialize_response(const Response& response, bool head_only, bool keep_alive) {
  std::string out = serialize_head(response, keep_alive);
  const bool bodyless = response.status == 204 || response.status == 304;
  if (!head_only && !bodyless) out += response.body;
  return out;
}

}  // namespace magritte::emulator
