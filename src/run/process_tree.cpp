#include "run/process_tree.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

namespace magritte {
namespace {

struct ProcessInfo {
  pid_t parent = 0;
  char state = '?';
};

// pid → (parent, state) for every process, from /proc/<pid>/stat.
std::map<pid_t, ProcessInfo> process_table() {
  std::map<pid_t, ProcessInfo> table;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(in)), {});
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses; the last ')' ends it.
    const auto close = stat.rfind(')');
    if (close == std::string::npos || close + 2 >= stat.size()) continue;
    std::istringstream fields(stat.substr(close + 2));
    ProcessInfo info;
    fields >> info.state >> info.parent;
    if (fields) table[static_cast<pid_t>(std::stol(name))] = info;
  }
  return table;
}

bool is_below(pid_t pid, pid_t root, const std::map<pid_t, ProcessInfo>& table) {
  for (int hops = 0; hops < 64; ++hops) {
    const auto it = table.find(pid);
    if (it == table.end() || it->second.parent <= 1) return false;
    if (it->second.parent == root) return true;
    pid = it->second.parent;
  }
  return false;
}

bool alive(pid_t pid) {
  // Adopted children are reaped here; others (grandchildren) are their parents' business.
  if (::waitpid(pid, nullptr, WNOHANG) == pid) return false;
  return ::kill(pid, 0) == 0 || errno != ESRCH;
}

}  // namespace

bool become_child_subreaper() { return ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0; }

std::vector<pid_t> descendants_of(pid_t root) {
  const auto table = process_table();
  std::vector<pid_t> found;
  for (const auto& [pid, info] : table) {
    if (pid != root && info.state != 'Z' && is_below(pid, root, table)) found.push_back(pid);
  }
  return found;
}

namespace {

// Signals `first`, then waits until `still_there()` is empty; what is left after `grace` is
// killed (and reaped, when magritte adopted it).
void end_all(const std::vector<pid_t>& first, const std::function<std::vector<pid_t>()>& still_there,
             int signal, std::chrono::milliseconds grace) {
  for (const pid_t pid : first) ::kill(pid, signal);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  for (;;) {
    auto left = still_there();
    for (auto it = left.begin(); it != left.end();) it = alive(*it) ? it + 1 : left.erase(it);
    if (left.empty()) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      for (const pid_t pid : left) ::kill(pid, SIGKILL);
      for (const pid_t pid : left) ::waitpid(pid, nullptr, 0);  // adopted ones; ECHILD for the others
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  reap_exited_orphans();
}

}  // namespace

std::size_t end_descendants(int signal, std::chrono::milliseconds grace) {
  const pid_t self = ::getpid();
  const auto first = descendants_of(self);
  end_all(first, [self] { return descendants_of(self); }, signal, grace);
  return first.size();
}

std::size_t end_processes(const std::vector<pid_t>& pids, int signal, std::chrono::milliseconds grace) {
  const pid_t self = ::getpid();
  // Only those still below magritte: a pid that left (and may have been reused) is not ours.
  const auto ours = [self, &pids] {
    const auto table = process_table();
    std::vector<pid_t> found;
    for (const pid_t pid : pids) {
      const auto it = table.find(pid);
      if (it != table.end() && it->second.state != 'Z' && is_below(pid, self, table)) found.push_back(pid);
    }
    return found;
  };
  const auto first = ours();
  end_all(first, ours, signal, grace);
  return first.size();
}

namespace {
std::mutex g_waited_mutex;
std::set<pid_t> g_waited;  // children whose runner thread collects their exit status
}  // namespace

WaitedChild::WaitedChild(pid_t pid) : pid_(pid) {
  std::lock_guard lock(g_waited_mutex);
  g_waited.insert(pid);
}

WaitedChild::~WaitedChild() {
  std::lock_guard lock(g_waited_mutex);
  g_waited.erase(pid_);
}

void reap_exited_orphans() {
  const pid_t self = ::getpid();
  for (const auto& [pid, info] : process_table()) {
    if (info.parent != self || info.state != 'Z') continue;
    std::lock_guard lock(g_waited_mutex);
    if (g_waited.count(pid) == 0) ::waitpid(pid, nullptr, WNOHANG);
  }
}

}  // namespace magritte
