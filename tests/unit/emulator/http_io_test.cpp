// The request reader on a byte string: what the HTTP fuzzer (fuzz/http_fuzzer.cpp) found or
// was written to find, one regression each.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "emulator/http_io.hpp"

namespace magritte::emulator {
namespace {

// The client's bytes, then end of stream.
class StringStream final : public Stream {
public:
  explicit StringStream(std::string bytes) : bytes_(std::move(bytes)) {}
  std::ptrdiff_t read_some(char* buffer, std::size_t size) override {
    const std::size_t n = std::min(size, bytes_.size() - at_);
    std::memcpy(buffer, bytes_.data() + at_, n);
    at_ += n;
    return static_cast<std::ptrdiff_t>(n);
  }
  bool write_all(std::string_view) override { return true; }

private:
  std::string bytes_;
  std::size_t at_ = 0;
};

struct Read {
  int head_status = -1;
  int body_status = -1;
  std::string body;
};

Read read_request(const std::string& bytes, const HttpLimits& limits = {}) {
  StringStream stream(bytes);
  BufferedReader reader(stream);
  RequestHead head;
  Read read;
  read.head_status = read_request_head(reader, limits, head);
  if (read.head_status == 0) read.body_status = read_request_body(reader, limits, head, read.body);
  return read;
}

TEST(HttpIo, ChunkedBodyIsJoined) {
  const Read read = read_request("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                 "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\n");
  EXPECT_EQ(read.body_status, 0);
  EXPECT_EQ(read.body, "hello world");
}

// A chunk size near 2^64 made body.size() + size wrap around below the limit; the reader
// then reserved 2^64 bytes and std::length_error ended the emulator (std::terminate in the
// connection's thread).
TEST(HttpIo, ChunkSizeThatWouldWrapAroundIsTooLarge) {
  for (const char* size : {"ffffffffffffffff", "fffffffffffffffe", "fffffffffffffffb"}) {
    const Read read = read_request(std::string("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                               "5\r\nhello\r\n") + size + "\r\nabc\r\n0\r\n\r\n");
    EXPECT_EQ(read.body_status, 413) << size;
  }
  const Read overflow = read_request("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                     "10000000000000000\r\nabc\r\n");
  EXPECT_EQ(overflow.body_status, 400);  // more than 64 bits: not a size
}

// A resumable upload PUT may announce up to 1 GiB; the reader used to reserve (and, for the
// direct path, zero-fill) all of it before a byte arrived.
TEST(HttpIo, AnnouncedBodyIsNotAllocatedBeforeItArrives) {
  StringStream stream("only this much");
  BufferedReader reader(stream);
  std::string body;
  EXPECT_EQ(reader.read_exact(1024ull * 1024 * 1024, body), BufferedReader::Status::error);
  EXPECT_LT(body.capacity(), 4u * 1024 * 1024);
  EXPECT_EQ(body, "only this much");
}

TEST(HttpIo, LargeBodyArrivesWhole) {
  std::string payload(3 * 1024 * 1024 + 17, 'x');
  for (std::size_t i = 0; i < payload.size(); i += 4099) payload[i] = static_cast<char>(i);
  const Read read = read_request("PUT /x HTTP/1.1\r\nContent-Length: " + std::to_string(payload.size()) +
                                 "\r\n\r\n" + payload);
  EXPECT_EQ(read.body_status, 0);
  EXPECT_TRUE(read.body == payload);
}

}  // namespace
}  // namespace magritte::emulator
