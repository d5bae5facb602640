#include "predict/image_job.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace magritte::predict {
namespace {

// One read() of the whole file: istreambuf_iterator copies byte by byte, which for 400 MB
// of photos cost more CPU than decoding some of them.
bool read_file(const std::string& path, std::string& bytes, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat info {};
  if (fd < 0 || ::fstat(fd, &info) != 0) {
    error = "cannot read the file: " + std::string(std::strerror(errno));
    if (fd >= 0) ::close(fd);
    return false;
  }
  bytes.resize(static_cast<std::size_t>(info.st_size));
  std::size_t done = 0;
  errno = 0;
  while (done < bytes.size()) {
    const ssize_t got = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // error, or the file shrank while being read
    done += static_cast<std::size_t>(got);
  }
  const int read_errno = errno;
  ::close(fd);
  if (done != bytes.size()) {
    error = "cannot read the file" + (read_errno != 0 ? ": " + std::string(std::strerror(read_errno)) : std::string());
    return false;
  }
  return true;
}

}  // namespace

PreparedInstance prepare_instance(const std::string& path, const InstanceJob& job) {
  PreparedInstance prepared;
  std::string bytes;
  if (!read_file(path, bytes, prepared.error)) return prepared;
  const vision::PreprocessedImage image = job.vision->preprocess(bytes, *job.image_options);
  if (!image.status.ok) {
    prepared.error = image.status.message;
    return prepared;
  }
  prepared.times = image.times;
  std::string instance = make_instance(image, job.format, job.input_key, job.image_options->width);
  if (body_size(instance.size(), 1) > job.max_request_bytes) {
    prepared.error = "the preprocessed image is " + std::to_string(instance.size()) +
                     " bytes as a request instance, above predict.max_request_bytes (" +
                     std::to_string(job.max_request_bytes) +
                     "); lower predict.image_size or use request_format seed";
    return prepared;
  }
  prepared.instance = std::move(instance);
  return prepared;
}

}  // namespace magritte::predict
