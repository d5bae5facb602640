// HTTP/1.1 on the wire: reading a request head and body with limits, turning the request
// target (origin-form, absolute-form or CONNECT's authority-form) into a Request, and
// writing a Response.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "emulator/http.hpp"
#include "emulator/stream.hpp"

namespace magritte::emulator {

struct HttpLimits {
  std::size_t max_request_line = 16 * 1024;   // 414 above
  std::size_t max_header_bytes = 64 * 1024;   // 431 above
  std::size_t max_header_count = 128;         // 431 above
  std::size_t max_body_bytes = 64 * 1024 * 1024;  // 413 above
  // PUTs to a resumable upload session (`upload_id=` in the query) may be larger: gcloud
  // storage sends a whole file in one PUT whatever its size. Held in memory like any body.
  std::size_t max_upload_body_bytes = 1024ull * 1024 * 1024;
};

struct RequestHead {
  std::string method;
  std::string target;   // as sent: "/v1/x?a=1", "http://host/v1/x", "host:443"
  std::string version;  // "HTTP/1.1"
  Headers headers;
};

// The body limit for this request: max_upload_body_bytes for resumable upload PUTs.
std::size_t body_limit(const HttpLimits& limits, const RequestHead& head);

// Outcome of reading: 0 when ok, -1 when the peer closed (or timed out) between requests,
// else the HTTP status to answer before closing (400, 413, 414, 431).
int read_request_head(BufferedReader& reader, const HttpLimits& limits, RequestHead& head);
// Whether the head announces a body (Content-Length > 0 or chunked).
bool has_body(const RequestHead& head);
int read_request_body(BufferedReader& reader, const HttpLimits& limits, const RequestHead& head,
                      std::string& body);

// Fills method, host, path, raw_path, query, raw_query and headers from the head. Host comes
// from an absolute URI, else the Host header, else default_host; the port is stripped.
// False when the target is malformed.
bool build_request(const RequestHead& head, std::string_view default_host, Request& request);
// "host:443" → "host"; "[::1]:80" → "[::1]"; lowercased.
std::string host_without_port(std::string_view authority);

// Whether the connection may stay open after this exchange (HTTP/1.1 default, "close").
bool wants_keep_alive(const RequestHead& head);
// Status line, headers (Content-Length, Date, Connection added) and, unless head_only, body.
std::string serialize_response(const Response& response, bool head_only, bool keep_alive);
// Only the status line and headers (Content-Length still announces the whole body).
std::string serialize_head(const Response& response, bool keep_alive);
std::string_view reason_phrase(int status);

}  // namespace magritte::emulator
