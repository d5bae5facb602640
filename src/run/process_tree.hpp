// The processes below magritte, for ending an interrupted command completely.
//
// Why: gcloud and gsutil start worker processes (`gsutil -m`, `gcloud storage`'s task
// pool). A SIGINT/SIGTERM forwarded to gcloud ends gcloud, but its workers live on:
// orphaned, still uploading, and still holding magritte's stderr pipe, so magritte would
// wait for them forever. magritte therefore becomes a child subreaper (orphans below it are
// re-parented to it, not to init) and, once the child it ran is gone, signals whatever is
// left below it, then kills what outlives a grace period.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <vector>

namespace magritte {

// prctl(PR_SET_CHILD_SUBREAPER); idempotent. Returns false when the kernel refused.
bool become_child_subreaper();

// Every process whose parent chain leads to `root` (not `root` itself), from /proc.
std::vector<pid_t> descendants_of(pid_t root);

// Sends `signal` to every process below magritte, waits up to `grace` for them to exit
// (reaping those adopted by magritte), then SIGKILLs and reaps the rest. Returns how many
// processes there were.
std::size_t end_descendants(int signal, std::chrono::milliseconds grace);

// The same for `pids` only (a timed-out command's own tree, seen while it ran): those still
// below magritte are signalled, given `grace`, then killed; other processes are left alone.
std::size_t end_processes(const std::vector<pid_t>& pids, int signal, std::chrono::milliseconds grace);

// Reaps adopted orphans that already exited (zombies whose parent is magritte), so that a
// long run of commands does not pile them up. Never waits. Children a runner is waiting for
// (WaitedChild) are left to it: with commands run in parallel, one of them may be a zombie
// whose exit status its own thread has not collected yet.
void reap_exited_orphans();

// Marks a direct child as collected by its runner while alive (RAII).
class WaitedChild {
public:
  explicit WaitedChild(pid_t pid);
  ~WaitedChild();
  WaitedChild(const WaitedChild&) = delete;
  WaitedChild& operator=(const WaitedChild&) = delete;

private:
  pid_t pid_;
};

}  // namespace magritte
