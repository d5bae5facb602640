#include "raw_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace magritte::emulator::testing {

struct RawClient::Tls {
  SSL_CTX* context = nullptr;
  SSL* ssl = nullptr;
  ~Tls() {
    if (ssl != nullptr) SSL_free(ssl);
    if (context != nullptr) SSL_CTX_free(context);
  }
};

RawClient::RawClient(int port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    throw std::runtime_error("cannot connect to the test server");
  }
  timeval timeout{5, 0};
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
}

RawClient::~RawClient() {
  tls_.reset();
  ::close(fd_);
}

void RawClient::send(const std::string& bytes) {
  if (tls_) {
    SSL_write(tls_->ssl, bytes.data(), static_cast<int>(bytes.size()));
  } else {
    ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  }
}

bool RawClient::fill() {
  char chunk[4096];
  const long got = tls_ ? SSL_read(tls_->ssl, chunk, sizeof(chunk)) : ::recv(fd_, chunk, sizeof(chunk), 0);
  if (got <= 0) return false;
  buffer_.append(chunk, static_cast<std::size_t>(got));
  return true;
}

std::string RawClient::read_line() {
  while (buffer_.find("\r\n") == std::string::npos) {
    if (!fill()) throw std::runtime_error("connection closed mid-line");
  }
  const auto end = buffer_.find("\r\n");
  std::string line = buffer_.substr(0, end);
  buffer_.erase(0, end + 2);
  return line;
}

std::string RawClient::read_exact(std::size_t size) {
  while (buffer_.size() < size) {
    if (!fill()) throw std::runtime_error("connection closed mid-body");
  }
  std::string data = buffer_.substr(0, size);
  buffer_.erase(0, size);
  return data;
}

std::optional<RawResponse> RawClient::read_response(bool head_request) {
  if (buffer_.empty() && !fill()) return std::nullopt;
  RawResponse response;
  const std::string status_line = read_line();
  response.status = std::stoi(status_line.substr(9, 3));
  for (std::string line = read_line(); !line.empty(); line = read_line()) {
    const auto colon = line.find(':');
    response.headers[line.substr(0, colon)] = line.substr(colon + 2);
  }
  auto length = response.headers.find("Content-Length");
  if (!head_request && length != response.headers.end()) response.body = read_exact(std::stoul(length->second));
  return response;
}

bool RawClient::closed_by_server() {
  if (!buffer_.empty()) return false;
  return !fill();
}

bool RawClient::start_tls(const std::string& ca_file, const std::string& host, std::string& error) {
  tls_ = std::make_unique<Tls>();
  tls_->context = SSL_CTX_new(TLS_client_method());
  SSL_CTX_load_verify_locations(tls_->context, ca_file.c_str(), nullptr);
  SSL_CTX_set_verify(tls_->context, SSL_VERIFY_PEER, nullptr);
  tls_->ssl = SSL_new(tls_->context);
  // SSL_set_tlsext_host_name() without its old-style cast.
  SSL_ctrl(tls_->ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(host.c_str()));
  X509_VERIFY_PARAM* param = SSL_get0_param(tls_->ssl);
  if (host.find_first_not_of("0123456789.") == std::string::npos) {
    X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
  } else {
    X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
  }
  SSL_set_fd(tls_->ssl, fd_);
  if (SSL_connect(tls_->ssl) != 1) {
    char text[256];
    ERR_error_string_n(ERR_get_error(), text, sizeof(text));
    error = std::string(text) + " / " + X509_verify_cert_error_string(SSL_get_verify_result(tls_->ssl));
    return false;
  }
  return true;
}

}  // namespace magritte::emulator::testing
