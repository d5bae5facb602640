#!/usr/bin/env bash
# The release commands' cost in gcloud processes and wall time, against the local emulator,
# for both backends: `bench/release_commands.sh [build-dir] [repetitions]`.
#
# Sets up examples/fruits once per backend (two trained and deployed versions), then runs
# each command `repetitions` times (default 3) with -v, counting the gcloud processes it
# started ("magritte: running: gcloud ...") and timing it; prints one line per command with
# the process count and the median wall time. Each promote is undone before the next run so
# that every run does the same work.
set -euo pipefail

build=$(realpath "${1:-build}")
repetitions=${2:-3}
magritte="$build/bin/magritte"
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill "$emulator_pid" 2>/dev/null; wait "$emulator_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

source "$root/bench/emulator.sh"
start_emulator "$magritte" "$work/emulator" "$work/emulator.log" --bucket magritte-demo
eval "$("$magritte" emulator env --port "$port" --data-dir "$work/emulator")"
cp -r "$root/examples/fruits" "$work/fruits"
cd "$work/fruits"
rm -rf .magritte

# One command, `repetitions` times: "<processes> <median seconds>".
measure() {
  local times=() processes=0
  for _ in $(seq "$repetitions"); do
    local start end
    start=$(date +%s.%N)
    processes=$("$magritte" -v "$@" 2>&1 >/dev/null | grep -c '^magritte: running: gcloud' || true)
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
    [[ -n ${undo:-} ]] && "$magritte" -q $undo >/dev/null 2>&1
  done
  printf '%s %s\n' "$processes" "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (repetitions + 1) / 2 ))p")"
}

report() {  # backend, command words...
  local backend=$1; shift
  read -r processes seconds < <(measure "$@")
  printf '%-12s %-28s %2s gcloud  %5.1f s\n' "$backend" "$*" "$processes" "$seconds"
}

"$magritte" -q sync >/dev/null 2>&1
for backend in vertex ai-platform; do
  export MAGRITTE_GCLOUD_BACKEND=$backend MAGRITTE_MODEL_NAME="bench_${backend//-/_}"
  for version in v1 v2; do
    "$magritte" -q train --version "$version" --wait >/dev/null 2>&1 || "$magritte" -q status "${MAGRITTE_MODEL_NAME}_$version" >/dev/null
    "$magritte" -q deploy --version "$version" --wait >/dev/null
  done
  [[ $backend == ai-platform ]] && "$magritte" -q promote v1 --no-smoke >/dev/null
  undo="" report "$backend" versions
  undo="promote v1 --no-smoke" report "$backend" promote v2 --no-smoke
  undo="promote v1 --no-smoke" report "$backend" promote v2
  [[ $backend == vertex ]] && undo="rollback --no-smoke" report "$backend" promote v2 --canary 10
  "$magritte" -q promote v2 --no-smoke >/dev/null
  undo="promote v2 --no-smoke" report "$backend" rollback --no-smoke
  "$magritte" -q promote v1 --no-smoke >/dev/null
done
