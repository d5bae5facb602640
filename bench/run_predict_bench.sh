#!/usr/bin/env bash
# The predict benchmark (issue 6): 200 generated photos of 0.3-12 MP (JPEG and PNG, EXIF
# orientations) predicted against a local emulator serving the fruits example's model,
# by `magritte predict` and by the baselines of bench/python_client.py.
#
#   bench/run_predict_bench.sh [BUILD_DIR] [WORK_DIR]
#
# BUILD_DIR (default build) must hold bin/magritte, bin/magritte-vision.so and
# bin/preprocess_bench. WORK_DIR (default BUILD_DIR/bench-predict) keeps the generated images
# between runs (~420 MB, ~80 s to make). Prints a Markdown table of the figures on stdout.
# A benchmark, not a test: the numbers depend on what else the machine is doing, so the
# load average is printed with them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-build}" && pwd)
work=${2:-$build/bench-predict}
magritte=$build/bin/magritte
python=/usr/bin/python3  # Debian's: PIL and numpy (generate.py, python_client.py)
mkdir -p "$work"
log() { echo "bench: $*" >&2; }

# 1. The images: 23 per class = 207, minus the last 7 = 200.
images=$work/images
if [[ $(find "$images" -type f 2>/dev/null | wc -l) -ne 200 ]]; then
  rm -rf "$images"
  log "generating 200 photos of 0.3-12 MP in $images (about 80 s)"
  "$python" "$root/examples/fruits/generate.py" --out "$images" --per-class 23 --min-mp 0.3 --max-mp 12 \
    --format mixed --exif-orientation --seed 11 --jobs 2 >&2
  for class in raspberry strawberry pineapple orange mango kiwi grape; do
    rm -f "$images/$class/${class}_22".*
  done
fi

# 2. A private emulator (free port, own HOME and data dir), the environment scrubbed of the
#    machine's gcloud settings.
for name in $(env | grep -oE '^(CLOUDSDK_[A-Z0-9_]*|BOTO_CONFIG|MAGRITTE_[A-Z0-9_]*)='); do unset "${name%=}"; done
run=$(mktemp -d "$work/run.XXXXXX")
export HOME=$run/home
mkdir -p "$HOME"
trap 'kill $emulator_pid 2>/dev/null; wait $emulator_pid 2>/dev/null; rm -rf "$run"' EXIT
source "$root/bench/emulator.sh"
start_emulator "$magritte" "$run/emulator" "$run/emulator.log" --bucket magritte-demo
eval "$("$magritte" emulator env --port "$port" --data-dir "$run/emulator")"
# The example defaults to Vertex AI; the baselines below speak ml v1 (its :predict URL).
export MAGRITTE_GCLOUD_BACKEND=ai-platform
control=http://127.0.0.1:$port/_emulator

# 3. The fruits example's model, by the real workflow.
cp -r "$root/examples/fruits/magritte.toml" "$root/examples/fruits/data" "$root/examples/fruits/trainer" "$run/"
cd "$run"
log "sync, train, deploy the fruits example"
"$magritte" -q sync >&2
"$magritte" -q train >&2
for _ in $(seq 240); do
  state=$(gcloud ai-platform jobs describe magritte_v1 --format='value(state)' 2>/dev/null || true)
  [[ $state == SUCCEEDED || $state == FAILED ]] && break
  sleep 0.5
done
[[ $state == SUCCEEDED ]] || { log "training ended $state"; exit 1; }
"$magritte" -q deploy >&2
url=http://europe-west1-ml.emulator.test/v1/projects/magritte-local/models/magritte:predict
load() { cut -d' ' -f1 /proc/loadavg; }
now() { date +%s.%N; }
calc() { "$python" -c "print(round($1, 1))"; }  # arithmetic without bc
# CPU seconds the emulator has used so far (utime + stime of its process).
server_cpu() { "$python" -c "import os,sys; f=open('/proc/%s/stat' % sys.argv[1]).read().rsplit(')',1)[1].split(); print((int(f[11])+int(f[12]))/os.sysconf('SC_CLK_TCK'))" "$emulator_pid"; }
control_get() { "$python" -c "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())" "$control/$1"; }
control_delete() { "$python" -c "import urllib.request; urllib.request.urlopen(urllib.request.Request(__import__('sys').argv[1], method='DELETE'))" "$control/$1"; }

# 4. Preprocessing alone.
log "preprocessing benchmark"
preprocess=$("$build/bin/preprocess_bench" "$images")
echo "$preprocess" >&2

# 5. magritte predict, end to end (gcloud's properties included), twice: the first run
#    warms the page cache with the 400 MB of files.
log "magritte predict"
"$magritte" -q predict "$images" --format json >/dev/null 2>&1 || true
control_delete requests
load_before=$(load)
server_before=$(server_cpu)
# Wall seconds and the CPU seconds of magritte and its children (a gcloud process, if any).
read -r seconds magritte_cpu < <("$python" -c '
import resource, subprocess, sys, time
start = time.monotonic()
with open(sys.argv[1], "w") as out, open(sys.argv[2], "w") as err:
    subprocess.run(sys.argv[3:], stdout=out, stderr=err)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(round(time.monotonic() - start, 2), round(usage.ru_utime + usage.ru_stime, 2))' \
  "$run/predictions.jsonl" "$run/predict.err" "$magritte" predict "$images" --format json)
magritte_server_cpu=$(calc "$(server_cpu) - $server_before")
summary=$(grep 'magritte: predicted' "$run/predict.err" || cat "$run/predict.err")
log "$summary"
read -r predicted right errors < <("$python" - "$run/predictions.jsonl" <<'PY'
import json, os, sys
predicted = right = errors = 0
for line in open(sys.argv[1]):
    record = json.loads(line)
    if "error" in record:
        errors += 1
        continue
    predicted += 1
    right += record["predictions"][0]["label"] == os.path.basename(os.path.dirname(record["image"]))
print(predicted, right, errors)
PY
)
batches=$(control_get requests | "$python" -c '
import json, re, sys
sizes = [int(m.group(1)) for r in json.load(sys.stdin)["requests"] if ":predict" in r["path"]
         for m in [re.search(r"instances=(\d+)", r.get("note", ""))] if m]
print("%d requests, %d to %d instances each" % (len(sizes), min(sizes), max(sizes)))')
kb_per_image=$(grep -oE '[0-9.]+ KB sent per image' <<<"$summary" | grep -oE '^[0-9.]+')
magritte_rate=$(calc "200 / $seconds")

# 6. The baselines, on the same images (gcloud: 10 images, extrapolated).
# Each baseline's JSON line, plus the emulator's CPU seconds during it ("server_cpu_s").
# "process_s": the client's process from start to exit (interpreter and PIL start-up included),
# timed like magritte's runs; "seconds" is the client's own timing of its loop.
baseline() {
  local before result start end
  before=$(server_cpu)
  start=$(now)
  result=$("$python" "$root/bench/python_client.py" "$@")
  end=$(now)
  "$python" -c "import json,sys; r=json.loads(sys.argv[1]); r['server_cpu_s']=round(float(sys.argv[2]),2); r['process_s']=round(float(sys.argv[3]),3); print(json.dumps(r))" \
    "$result" "$(calc "$(server_cpu) - $before")" "$(calc "$end - $start")"
}
log "sequential Python/PIL client"
pil=$(baseline pil "$images" --url "$url" --proxy "http://127.0.0.1:$port")
log "$pil"
pil_draft=$(baseline pil "$images" --url "$url" --proxy "http://127.0.0.1:$port" --draft)
log "$pil_draft"
log "the seed's way (raw file, one request per image)"
raw=$(baseline raw "$images" --url "$url" --proxy "http://127.0.0.1:$port")
log "$raw"
log "one gcloud ai-platform predict per image (10 images)"
gcloud_run=$(baseline gcloud "$images" --limit 10)
log "$gcloud_run"

field() { "$python" -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }

# 7. Run size (issue 11): wall time of magritte predict (median of repeated runs, process
#    start to exit) and of the sequential Python/PIL client on 1, 20, 60 and 200 images (see
#    below how they are picked). A fixed cost per run (a gcloud process at start) shows as a
#    ratio that grows with the count; the fit at the end separates the two costs.
log "run sizes: 1, 20, 60, 200 images"
# Each subset has the make-up of the whole set: images ordered by format, then pixels, and
# picked at the middle of n equal strata. (Picked by path order instead, the 60 held 32 % PNG
# and the 20 held 20 %: the ratio then followed the mix of formats, not the count.)
mapfile -t all_images < <("$python" - "$images" <<'PY'
import os, sys
from PIL import Image
paths = sorted(os.path.join(d, f) for d, _, files in os.walk(sys.argv[1]) for f in files)
def key(path):
    with Image.open(path) as image:
        return (image.format, image.size[0] * image.size[1], path)
print("\n".join(sorted(paths, key=key)))
PY
)
# Median wall seconds and median CPU seconds (magritte and its children) of `runs` runs.
timed_runs() {  # runs, then the command
  "$python" - "$@" <<'PY'
import resource, statistics, subprocess, sys, time
runs, argv = int(sys.argv[1]), sys.argv[2:]
walls, cpus = [], []
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    walls.append(time.monotonic() - start)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
print(round(statistics.median(walls) * 1000, 1), round(statistics.median(cpus) * 1000, 1),
      round(min(walls) * 1000, 1), round(max(walls) * 1000, 1))
PY
}
sizes_table="| images | magritte wall (median) | magritte CPU (median) | min-max wall | Python/PIL loop | ratio | Python/PIL process | ratio, process to process |
|---|---|---|---|---|---|---|---|"
size_points=""
for n in 1 20 60 200; do
  subset=$run/subset-$n
  mkdir -p "$subset"
  for ((i = 0; i < n; i++)); do
    pick=${all_images[$(((2 * i + 1) * 200 / (2 * n)))]}
    ln -s "$pick" "$subset/$(basename "$pick")"  # listed by name, as a user's directory: formats mixed
  done
  [[ $n -eq 1 ]] && one_image=$("$python" -c "from PIL import Image; i=Image.open('$pick'); print('%s, %s, %dx%d' % ('${pick##*/}', i.format, *i.size))")
  runs=3
  [[ $n -eq 1 ]] && runs=15
  read -r wall cpu low high < <(timed_runs "$runs" "$magritte" -q predict "$subset" --format json)
  pil_subset=$(baseline pil "$subset" --url "$url" --proxy "http://127.0.0.1:$port")
  pil_ms=$(calc "1000 * $(field "$pil_subset" seconds)")
  pil_process_ms=$(calc "1000 * $(field "$pil_subset" process_s)")
  size_points+="$n $wall $pil_process_ms
"
  sizes_table+="
| $n | $wall ms | $cpu ms | $low-$high ms ($runs runs) | $pil_ms ms | $("$python" -c "print(round($pil_ms / $wall, 2))")x | $pil_process_ms ms | $("$python" -c "print(round($pil_process_ms / $wall, 2))")x |"
done
load_after=$(load)
# Each client's wall time as a fixed cost per run plus a cost per image (least squares over
# the four run sizes): the ratio can only be the same at every count if the fixed costs are
# in the same proportion as the costs per image.
size_fit=$("$python" -c '
import sys
points = [tuple(map(float, line.split())) for line in sys.stdin if line.strip()]
def fit(k):
    n = [p[0] for p in points]; y = [p[k] for p in points]
    mn, my = sum(n) / len(n), sum(y) / len(y)
    slope = sum((a - mn) * (b - my) for a, b in zip(n, y)) / sum((a - mn) ** 2 for a in n)
    return my - slope * mn, slope
(mf, mp), (pf, pp) = fit(1), fit(2)
print("Fitted: magritte %.0f ms per run + %.1f ms per image; Python/PIL process %.0f ms per run + %.1f ms per image (%.1fx magritte per image)." % (mf, mp, pf, pp, pp / mp))
' <<<"$size_points")

ratio() { calc "$magritte_rate / $1"; }
per_image_ms() { "$python" -c "import sys; print(round(1000 * float(sys.argv[1]) / int(sys.argv[2]), 1))" "$1" "$2"; }
row() {  # JSON line of a baseline, its label
  local n
  n=$(field "$1" images)
  echo "| $2 | $(field "$1" images_per_s) | $(ratio "$(field "$1" images_per_s)")x | $(per_image_ms "$(field "$1" cpu_s)" "$n") ms | $(per_image_ms "$(field "$1" server_cpu_s)" "$n") ms | $(( $(field "$1" bytes_per_image) / 1024 )) KB | $(field "$1" ok)/$n ${3:-} |"
}
cat <<TABLE

| client (200 photos, 0.3-12 MP, JPEG+PNG) | images/s | magritte is | client CPU per image | server CPU per image | sent per image | accepted |
|---|---|---|---|---|---|---|
| magritte predict (end to end, process start to exit) | $magritte_rate | 1x | $(per_image_ms "$magritte_cpu" 200) ms | $(per_image_ms "$magritte_server_cpu" 200) ms | ${kb_per_image} KB | $predicted/200 ($right right top-1); $batches |
$(row "$pil" "Python/PIL, sequential, resize + one request per image")
$(row "$pil_draft" "Python/PIL with draft() (libjpeg DCT scaling), sequential")
$(row "$raw" "the seed's way: raw file, one request per image" "(statuses $(field "$raw" statuses))")
$(row "$gcloud_run" "one gcloud ai-platform predict process per image")

Run size: magritte predict (process start to exit) against the sequential Python/PIL client
on the same images, timed two ways: its own loop (interpreter and PIL start-up excluded) and
its process from start to exit, as magritte is timed; ratio = PIL wall / magritte wall.
Subsets keep the whole set's mix of formats and sizes; the one image is $one_image.

$sizes_table

$size_fit

Preprocessing alone (bin/preprocess_bench):
\`\`\`
$preprocess
\`\`\`
Load average (1 min) before / after: $load_before / $load_after on $(nproc) cores.
TABLE
