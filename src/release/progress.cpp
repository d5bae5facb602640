#include "release/progress.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "magritte/duration.hpp"

namespace magritte::release {
namespace {

std::string status_text(const std::string& subject, const std::string& state) {
  return "magritte: " + subject + ": " + state;
}

class PlainProgress : public Progress {
public:
  PlainProgress(std::ostream& stream, bool quiet) : stream_(stream), quiet_(quiet) {}

  void state_changed(const std::string& subject, const std::string& state,
                     std::chrono::seconds elapsed) override {
    if (quiet_) return;
    stream_ << status_text(subject, state) << " (after " << format_duration(elapsed) << ")"
            << std::endl;
  }
  void still(const std::string&, const std::string&, std::chrono::seconds) override {}
  void print(std::ostream& stream, const std::string& line) override { stream << line << std::endl; }
  void done() override {}

private:
  std::ostream& stream_;
  bool quiet_;
};

class LiveProgress : public Progress {
public:
  explicit LiveProgress(std::ostream& stream) : stream_(stream) {}

  void state_changed(const std::string& subject, const std::string& state,
                     std::chrono::seconds elapsed) override {
    clear();
    stream_ << status_text(subject, state) << " (after " << format_duration(elapsed) << ")\n";
    still(subject, state, elapsed);
  }
  void still(const std::string& subject, const std::string& state,
             std::chrono::seconds elapsed) override {
    line_ = status_text(subject, state) + " \xC2\xB7 " + format_duration(elapsed);
    stream_ << "\r\x1b[2K" << line_ << std::flush;
  }
  void print(std::ostream& stream, const std::string& line) override {
    const std::string kept = line_;
    clear();
    stream << line << std::endl;
    if (!kept.empty()) {
      line_ = kept;
      stream_ << line_ << std::flush;
    }
  }
  void done() override { clear(); }

private:
  void clear() {
    if (line_.empty()) return;
    stream_ << "\r\x1b[2K" << std::flush;
    line_.clear();
  }

  std::ostream& stream_;
  std::string line_;  // what the live line shows now ("" when none is drawn)
};

}  // namespace

std::unique_ptr<Progress> make_progress(std::ostream& stream, bool live, bool quiet) {
  if (live && !quiet) return std::make_unique<LiveProgress>(stream);
  return std::make_unique<PlainProgress>(stream, quiet);
}

bool stderr_is_live_terminal() {
  const char* term = std::getenv("TERM");
  return isatty(STDERR_FILENO) == 1 && term != nullptr && std::strcmp(term, "dumb") != 0;
}

}  // namespace magritte::release
