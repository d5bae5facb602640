// base64_bench [MB]
//
// Encoding throughput of the base64 codec predict builds its request bodies with
// (append_base64, both alphabets) and of the decoder the emulator reads instances with, on
// 10 KB pieces (predict's JPEG per image at quality 90) and on one 1 MB buffer. Prints MB/s of
// input per CPU-second (best of 5 rounds), which a busy machine distorts least.
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "magritte/base64.hpp"

namespace {

using magritte::Base64Alphabet;

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec) + static_cast<double>(usage.ru_utime.tv_usec) / 1e6;
}

std::string pseudo_random_bytes(std::size_t size) {
  std::string bytes(size, '\0');
  unsigned state = 12345;
  for (char& c : bytes) {
    state = state * 1103515245 + 12345;
    c = static_cast<char>(state >> 16);
  }
  return bytes;
}

// MB of input per CPU-second, best of five rounds of `total` bytes in `piece`-byte calls.
template <typename Work>
double throughput(std::size_t total, std::size_t piece, Work work) {
  double best = 0;
  for (int round = 0; round < 5; ++round) {
    const double start = cpu_seconds();
    for (std::size_t done = 0; done < total; done += piece) work();
    const double seconds = std::max(cpu_seconds() - start, 1e-6);
    best = std::max(best, static_cast<double>(total) / 1e6 / seconds);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t total = (argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 200) * 1000 * 1000;
  std::size_t sink = 0;
  for (const std::size_t piece : {std::size_t{10 * 1024}, std::size_t{1024 * 1024}}) {
    const std::string bytes = pseudo_random_bytes(piece);
    const std::string encoded = magritte::base64_encode(bytes);
    std::string body;
    for (const auto alphabet : {Base64Alphabet::url_safe, Base64Alphabet::standard}) {
      const double rate = throughput(total, piece, [&] {
        body.clear();
        magritte::append_base64(body, bytes, alphabet);
        sink += static_cast<unsigned char>(body[body.size() / 2]);
      });
      std::printf("encode %-8s %7zu B pieces: %7.0f MB/s\n",
                  alphabet == Base64Alphabet::url_safe ? "url_safe" : "standard", piece, rate);
    }
    const double rate = throughput(total, piece, [&] { sink += magritte::base64_decode(encoded)->size(); });
    std::printf("decode          %7zu B pieces: %7.0f MB/s\n", piece, rate);
  }
  return sink == 0 ? 1 : 0;  // keeps the work from being optimised away
}
