// How a wait shows itself on stderr. On a terminal: one live status line, rewritten every
// second ("magritte: job magritte_v2: RUNNING · 1m 05s"), with each state change kept as a
// line of its own. Elsewhere (CI logs, pipes): only the state changes, one plain line each.
#pragma once

#include <chrono>
#include <memory>
#include <ostream>
#include <string>

namespace magritte::release {

class Progress {
public:
  virtual ~Progress() = default;
  // `subject` is "job magritte_v2" or "version v2"; elapsed counts from the job's creation
  // (or from the start of the wait when the server gave no time).
  virtual void state_changed(const std::string& subject, const std::string& state,
                             std::chrono::seconds elapsed) = 0;
  // Refreshes the live line (no-op on plain output).
  virtual void still(const std::string& subject, const std::string& state,
                     std::chrono::seconds elapsed) = 0;
  // Writes a line (a log entry...) to `stream` without tearing the live line.
  virtual void print(std::ostream& stream, const std::string& line) = 0;
  // Removes the live line; later output starts on a clean line.
  virtual void done() = 0;
};

// `live`: a terminal that understands "\r" and "ESC[2K" (see stderr_is_live_terminal()).
// `quiet` (-q): state lines are dropped, print() still writes.
std::unique_ptr<Progress> make_progress(std::ostream& stream, bool live, bool quiet);

// stderr is a terminal and TERM is not "dumb".
bool stderr_is_live_terminal();

}  // namespace magritte::release
