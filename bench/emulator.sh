# Sourced by the bench scripts: `start_emulator MAGRITTE DATA_DIR LOG [ARGS...]` starts
# `magritte emulator` on a free loopback port, waits for its "listening on" line and sets
# `emulator_pid` and `port` (exits with the log printed when it never listens).
start_emulator() {
  local magritte=$1 data_dir=$2 log=$3
  shift 3
  "$magritte" emulator start --port 0 --data-dir "$data_dir" "$@" >"$log" 2>&1 &
  emulator_pid=$!
  port=""
  for _ in $(seq 200); do
    port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" | head -n1)
    [[ -n $port ]] && return 0
    sleep 0.05
  done
  cat "$log" >&2
  exit 1
}
