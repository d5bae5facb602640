#!/usr/bin/env bash
# The emulator's server time for `gcloud ai-platform models list` (budget: 5 ms), from its
# request log: `bench/emulator_list_latency.sh [build-dir] [calls]` (default 10 calls).
# A benchmark, not a test: a loaded machine can deschedule the serving thread for longer
# than the budget, so the figure is read here, with the load average printed beside it.
set -euo pipefail

build=$(realpath "${1:-build}")
calls=${2:-10}
magritte="$build/bin/magritte"
work=$(mktemp -d)
trap 'kill "$emulator_pid" 2>/dev/null; wait "$emulator_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for name in $(env | grep -oE '^(CLOUDSDK_[A-Z0-9_]*|BOTO_CONFIG|MAGRITTE_[A-Z0-9_]*)='); do unset "${name%=}"; done
export HOME=$work/home
mkdir -p "$HOME"

source "$(dirname "$0")/emulator.sh"
start_emulator "$magritte" "$work/emulator" "$work/emulator.log"
eval "$("$magritte" emulator env --port "$port" --data-dir "$work/emulator")"

for _ in $(seq "$calls"); do
  gcloud ai-platform models list --region europe-west1 >/dev/null 2>&1
done
curl -s "http://127.0.0.1:$port/_emulator/requests" | python3 -c '
import json, statistics, sys
micros = [r["micros"] for r in json.load(sys.stdin)["requests"] if r["path"] == "/v1/projects/magritte-local/models"]
print("models list: %d calls, server time median %.2f ms, min %.2f, max %.2f (budget 5 ms)" %
      (len(micros), statistics.median(micros) / 1000, min(micros) / 1000, max(micros) / 1000))'
echo "load average: $(cut -d" " -f1-3 /proc/loadavg) on $(nproc) cores"
