#include "emulator/server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>

namespace magritte::emulator {
namespace {

void set_timeout(int fd, int option, int seconds) {
  timeval timeout{};
  timeout.tv_sec = seconds;
  setsockopt(fd, SOL_SOCKET, option, &timeout, sizeof(timeout));
}

int listen_on_loopback(int port, int& bound_port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  const int yes = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // loopback only, never 0.0.0.0
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::listen(fd, 128) != 0) {
    const std::string reason = std::strerror(errno);
    ::close(fd);
    throw std::runtime_error("cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + reason);
  }
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  bound_port = ntohs(address.sin_port);
  return fd;
}

}  // namespace

void ConnectionRegistry::add(int fd) {
  std::lock_guard lock(mutex_);
  open_.insert(fd);
}

void ConnectionRegistry::remove(int fd) {
  // Notify under the lock: once stop() sees the registry empty it may destroy it.
  std::lock_guard lock(mutex_);
  open_.erase(fd);
  waiting_.erase(fd);
  changed_.notify_all();
}

bool ConnectionRegistry::begin_wait(int fd) {
  std::lock_guard lock(mutex_);
  if (stopping_) return false;
  waiting_.insert(fd);
  return true;
}

void ConnectionRegistry::end_wait(int fd) {
  std::lock_guard lock(mutex_);
  waiting_.erase(fd);
}

void ConnectionRegistry::stop_idle() {
  std::lock_guard lock(mutex_);
  stopping_ = true;
  // SHUT_RD wakes the blocked read with end-of-stream; the thread then closes the socket.
  for (int fd : waiting_) ::shutdown(fd, SHUT_RD);
  changed_.notify_all();
}

bool ConnectionRegistry::wait_empty(int ms) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return open_.empty(); });
}

void ConnectionRegistry::shutdown_all() {
  std::lock_guard lock(mutex_);
  for (int fd : open_) ::shutdown(fd, SHUT_RDWR);
}

void ConnectionRegistry::wait_empty_forever() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return open_.empty(); });
}

std::size_t ConnectionRegistry::size() const {
  std::lock_guard lock(mutex_);
  return open_.size();
}

bool ConnectionRegistry::wait_for_slot(std::size_t max) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return stopping_ || open_.size() < max; });
  return !stopping_;
}

Server::Server(ServerOptions options, ExchangeHandler& handler)
    : options_(std::move(options)), handler_(handler) {}

Server::~Server() { stop(); }

void Server::bind() {
  if (listen_fd_ >= 0) return;
  // OpenSSL writes to sockets with write(), not send(MSG_NOSIGNAL): a client that hangs up
  // mid-TLS would otherwise kill the whole emulator with SIGPIPE.
  ::signal(SIGPIPE, SIG_IGN);
  if (options_.tls) tls_ = std::make_unique<TlsServer>(*options_.tls);
  listen_fd_ = listen_on_loopback(options_.port, port_);
}

void Server::start() {
  bind();
  acceptor_ = std::thread([this] { accept_loop(); });
}

void Server::accept_loop() {
  while (registry_.wait_for_slot(options_.max_connections)) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (registry_.stopping()) break;
      if (errno == EMFILE || errno == ENFILE) std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (errno == EINVAL) break;  // listening socket shut down
      continue;
    }
    const int yes = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
    set_timeout(fd, SO_RCVTIMEO, options_.idle_timeout_seconds);
    set_timeout(fd, SO_SNDTIMEO, options_.io_timeout_seconds);
    registry_.add(fd);
    std::thread([this, fd] {
      const ConnectionEnv env{options_.limits, handler_, tls_.get(), registry_};
      serve_connection(fd, env);
      // Unregister before closing, so a reused fd number never meets a stale entry; after
      // remove() this thread touches nothing of the server (stop() may destroy it).
      registry_.remove(fd);
      ::close(fd);
    }).detach();
  }
}

void Server::stop() {
  if (stopped_ || listen_fd_ < 0) return;
  stopped_ = true;
  registry_.stop_idle();
  ::shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
  if (acceptor_.joinable()) acceptor_.join();
  ::close(listen_fd_);
  if (!registry_.wait_empty(options_.shutdown_grace_ms)) registry_.shutdown_all();
  registry_.wait_empty_forever();
}

}  // namespace magritte::emulator
