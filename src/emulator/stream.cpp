#include "emulator/stream.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace magritte::emulator {

std::ptrdiff_t SocketStream::read_some(char* buffer, std::size_t size) {
  while (true) {
    const ssize_t got = ::recv(fd_, buffer, size, 0);
    if (got < 0 && errno == EINTR) continue;
    return got;
  }
}

bool SocketStream::write_all(std::string_view data) {
  while (!data.empty()) {
    // MSG_NOSIGNAL: a client that hung up must not kill the emulator with SIGPIPE.
    const ssize_t sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

bool BufferedReader::fill() {
  if (begin_ == end_) begin_ = end_ = 0;
  if (end_ == sizeof(buffer_)) {
    std::memmove(buffer_, buffer_ + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  const std::ptrdiff_t got = stream_->read_some(buffer_ + end_, sizeof(buffer_) - end_);
  if (got <= 0) return false;
  end_ += static_cast<std::size_t>(got);
  return true;
}

BufferedReader::Status BufferedReader::read_line(std::string& line, std::size_t max_length) {
  line.clear();
  while (true) {
    const char* start = buffer_ + begin_;
    const char* newline = static_cast<const char*>(std::memchr(start, '\n', end_ - begin_));
    const std::size_t available = newline ? static_cast<std::size_t>(newline - start) : end_ - begin_;
    if (line.size() + available > max_length) return Status::too_long;
    line.append(start, available);
    if (newline) {
      begin_ += available + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return Status::ok;
    }
    begin_ = end_;
    if (!fill()) return line.empty() ? Status::eof : Status::error;
  }
}

BufferedReader::Status BufferedReader::read_exact(std::size_t size, std::string& out) {
  // `out` grows with what arrives, never by the announced size at once: a client that
  // announces a gigabyte and sends nothing must not make the emulator allocate it.
  constexpr std::size_t kMaxPiece = 1024 * 1024;
  while (size > 0) {
    if (begin_ == end_ && size >= sizeof(buffer_)) {
      // Large bodies go straight into `out`, without a copy through the line buffer.
      const std::size_t old_size = out.size();
      const std::size_t piece = std::min(size, kMaxPiece);
      out.resize(old_size + piece);
      const std::ptrdiff_t got = stream_->read_some(out.data() + old_size, piece);
      out.resize(old_size + static_cast<std::size_t>(std::max<std::ptrdiff_t>(got, 0)));
      if (got <= 0) return Status::error;
      size -= static_cast<std::size_t>(got);
      continue;
    }
    if (begin_ == end_ && !fill()) return Status::error;
    const std::size_t take = std::min(size, end_ - begin_);
    out.append(buffer_ + begin_, take);
    begin_ += take;
    size -= take;
  }
  return Status::ok;
}

void BufferedReader::reset(Stream& stream) {
  stream_ = &stream;
  begin_ = end_ = 0;
}

}  // namespace magritte::emulator
