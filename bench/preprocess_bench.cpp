// preprocess_bench DIR [--threads N] [--size WxH] [--quality Q] [--opencv-threads T]
//
// Preprocessing throughput of magritte-vision.so on every image under DIR (what `magritte
// predict` does before sending): files are read into memory first, so the figures are
// decode + resize + encode only. Prints images/s on one thread and on N threads (wall
// clock, and per CPU-second, which a busy machine does not distort), where the time goes
// per stage, the libjpeg reductions chosen, and the JPEG bytes per image. OpenCV's own
// thread pool is limited to T threads (default 1, as `magritte predict` does).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include <sys/resource.h>

#include "magritte/error.hpp"
#include "magritte/vision.hpp"
#include "predict/inputs.hpp"

namespace {

using magritte::vision::PreprocessOptions;
using magritte::vision::PreprocessedImage;
using Clock = std::chrono::steady_clock;

double process_cpu_s() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// "JPEG" / "PNG" / "other" from the first bytes, for the per-format figures.
std::string kind(const std::string& bytes) {
  if (bytes.rfind("\xFF\xD8", 0) == 0) return "JPEG";
  if (bytes.rfind("\x89PNG", 0) == 0) return "PNG";
  return "other";
}

struct PerFormat {
  int count = 0;
  double cpu_ms = 0;
  double megapixels = 0;
};

struct Totals {
  double wall_s = 0;
  double cpu_s = 0;
  std::map<std::string, PerFormat> formats;
  double decode_ms = 0, resize_ms = 0, encode_ms = 0;
  std::size_t jpeg_bytes = 0, ok = 0, failed = 0;
  std::map<int, int> reductions;
};

std::vector<std::string> read_all(const std::vector<std::string>& paths, std::size_t& bytes) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    files.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    bytes += files.back().size();
  }
  return files;
}

Totals run(const magritte::vision::Api& api, const std::vector<std::string>& files, const PreprocessOptions& options,
           int threads) {
  std::vector<PreprocessedImage> results(files.size());
  std::atomic<std::size_t> next{0};
  const auto start = Clock::now();
  const double cpu_start = process_cpu_s();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (std::size_t i = next++; i < files.size(); i = next++) results[i] = api.preprocess(files[i], options);
    });
  }
  for (auto& thread : pool) thread.join();
  Totals totals;
  totals.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  totals.cpu_s = process_cpu_s() - cpu_start;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const PreprocessedImage& result = results[i];
    if (!result.status.ok) {
      ++totals.failed;
      continue;
    }
    ++totals.ok;
    totals.decode_ms += result.times.decode_ms;
    totals.resize_ms += result.times.resize_ms;
    totals.encode_ms += result.times.encode_ms;
    totals.jpeg_bytes += result.jpeg.size();
    ++totals.reductions[result.reduction];
    PerFormat& format = totals.formats[kind(files[i])];
    ++format.count;
    format.cpu_ms += result.times.decode_ms + result.times.resize_ms + result.times.encode_ms;
    format.megapixels += static_cast<double>(result.source_width) * result.source_height / 1e6;
  }
  return totals;
}

void report(const char* label, const Totals& t, int threads) {
  const double n = static_cast<double>(t.ok);
  const double cpu_ms = t.decode_ms + t.resize_ms + t.encode_ms;
  std::printf("%-10s %d thread(s): %6.1f images/s wall (%.1f s), %5.1f images per CPU-second; CPU per image: "
              "decode %.1f ms, resize %.1f ms, encode %.1f ms (decode %.0f%%)\n",
              label, threads, n / t.wall_s, t.wall_s, n / t.cpu_s, t.decode_ms / n, t.resize_ms / n, t.encode_ms / n,
              100.0 * t.decode_ms / cpu_ms);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: preprocess_bench DIR [--threads N] [--size WxH] [--quality Q]\n";
    return 2;
  }
  PreprocessOptions options;
  int opencv_threads = 1;
  int threads = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--threads") threads = std::stoi(argv[i + 1]);
    if (flag == "--quality") options.jpeg_quality = std::stoi(argv[i + 1]);
    if (flag == "--opencv-threads") opencv_threads = std::stoi(argv[i + 1]);
    if (flag == "--size") std::sscanf(argv[i + 1], "%dx%d", &options.width, &options.height);
  }
  try {
    const auto inputs = magritte::predict::collect_inputs({argv[1]});
    std::size_t bytes = 0;
    const auto files = read_all(inputs.images, bytes);
    const auto& api = magritte::vision::load();
    api.set_num_threads(opencv_threads);
    std::printf("%zu images, %.1f MB of files, target %dx%d, JPEG quality %d, OpenCV threads %d\n", files.size(),
                bytes / 1e6, options.width, options.height, options.jpeg_quality, opencv_threads);
    const Totals one = run(api, files, options, 1);
    report("sequential", one, 1);
    const Totals many = run(api, files, options, threads);
    report("parallel", many, threads);
    std::printf("reductions (libjpeg DCT scaling):");
    for (const auto& [factor, count] : one.reductions) std::printf(" 1/%d: %d", factor, count);
    std::printf("; JPEG sent: %.1f KB per image (%.1f KB as base64); failed: %zu\n",
                one.jpeg_bytes / 1024.0 / one.ok, one.jpeg_bytes * 4.0 / 3.0 / 1024.0 / one.ok, one.failed);
    for (const auto& [name, format] : one.formats) {
      std::printf("%s: %d images, %.1f MP on average, %.1f ms of CPU each (%.0f%% of all preprocessing CPU)\n",
                  name.c_str(), format.count, format.megapixels / format.count, format.cpu_ms / format.count,
                  100.0 * format.cpu_ms / (one.decode_ms + one.resize_ms + one.encode_ms));
    }
    return 0;
  } catch (const magritte::Error& e) {
    std::cerr << "preprocess_bench: " << e.what() << "\n";
    return 1;
  }
}
