// A byte stream the HTTP code reads requests from and writes responses to: a plain TCP
// socket, or TLS inside a CONNECT tunnel. Plus a small buffered reader with line limits.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace magritte::emulator {

class Stream {
public:
  virtual ~Stream() = default;
  // Bytes read (> 0), 0 at end of stream, < 0 on error or timeout.
  virtual std::ptrdiff_t read_some(char* buffer, std::size_t size) = 0;
  virtual bool write_all(std::string_view data) = 0;
};

class SocketStream final : public Stream {
public:
  explicit SocketStream(int fd) : fd_(fd) {}  // does not own fd
  std::ptrdiff_t read_some(char* buffer, std::size_t size) override;
  bool write_all(std::string_view data) override;

private:
  int fd_;
};

class BufferedReader {
public:
  explicit BufferedReader(Stream& stream) : stream_(&stream) {}

  enum class Status { ok, eof, too_long, error };
  // One line without its "\r\n" or "\n"; too_long when no newline within max_length bytes.
  Status read_line(std::string& line, std::size_t max_length);
  // Appends exactly `size` bytes to out.
  Status read_exact(std::size_t size, std::string& out);
  // Bytes already read from the stream but not consumed yet.
  std::size_t buffered() const { return end_ - begin_; }
  // Switches to another stream (after a TLS handshake); only valid when nothing is buffered.
  void reset(Stream& stream);

private:
  bool fill();

  Stream* stream_;
  char buffer_[16 * 1024];
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
};

}  // namespace magritte::emulator
