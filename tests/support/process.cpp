#include "support/process.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

#include <boost/process.hpp>

namespace bp = boost::process;

namespace magritte::testing {
namespace {

std::thread read_all(bp::ipstream& stream, std::string& into) {
  return std::thread([&stream, &into] {
    std::string chunk(4096, '\0');
    while (stream.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) ||
           stream.gcount() > 0) {
      into.append(chunk.data(), static_cast<std::size_t>(stream.gcount()));
    }
  });
}

}  // namespace

ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env,
                          const std::filesystem::path& cwd, const std::string* input) {
  bp::environment child_env;
  for (const auto& [name, value] : env) child_env[name] = value;
  bp::ipstream out;
  bp::ipstream err;
  bp::opstream in;
  ProcessResult result;
  bp::child child(program, bp::args(args), child_env, bp::start_dir(cwd.string()),
                  bp::std_out > out, bp::std_err > err, bp::std_in < in);
  if (input != nullptr) in << *input;
  in.flush();
  in.pipe().close();
  auto out_reader = read_all(out, result.out);
  auto err_reader = read_all(err, result.err);
  out_reader.join();
  err_reader.join();
  child.wait();
  const int status = child.native_exit_code();
  if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
    result.exit_code = 128 + result.signal;
  } else {
    result.exit_code = WEXITSTATUS(status);
  }
  return result;
}

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/magritte-test-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace magritte::testing
