#!/usr/bin/env bash
# Terraform front-end benchmark: throughput (MB/s, files/s, peak RSS) of `sqsguard scan` over a
# generated Terraform monorepo with local modules, ripgrep over the same tree for comparison,
# and a linearity check (one root with N module calls, each referenced M times: 1x, 2x, 4x).
# Not part of CI. Prints Markdown tables for benches/README.md ("Terraform front-end") and
# writes them to target/bench-tf/results.md.
#
#   benches/run_tf.sh                   # measure, print the tables
#   UPDATE_README=1 benches/run_tf.sh   # and replace the block between the tf-bench markers
#                                       # in benches/README.md with them
#
# Settings (environment variables):
#   ROOTS=320           root modules in the monorepo (about 5,300 .tf files)
#   SEED=1              generator seed
#   JOBS=2              sqsguard --jobs
#   RUNS=10             timed runs per measurement (after one warm-up run); the median is kept
#   CALLS="1000 2000 4000"  module calls of the linearity series (refs fixed at the first REFS)
#   REFS="8 16 32"      references per call of the second series (calls fixed at the first CALLS)
#   CHAIN=8             calls per chain in the linearity corpora
#   TIMEOUT=600         seconds before one scan is given up (reported as a timeout)
#   QUIET_WAIT=300      before each timed run, wait up to this many seconds for the machine to be
#                       idle (other builds on a shared 2-core machine skew the figures); after one
#                       such wait ran out, at most 30 s; runs measured busy are counted in the
#                       results header
#   SQSGUARD=path       use this binary instead of building target/release/sqsguard
set -euo pipefail
cd "$(dirname "$0")/.."

ROOTS=${ROOTS:-320}
SEED=${SEED:-1}
JOBS=${JOBS:-2}
RUNS=${RUNS:-10}
CALLS=${CALLS:-"1000 2000 4000"}
REFS=${REFS:-"8 16 32"}
CHAIN=${CHAIN:-8}
TIMEOUT=${TIMEOUT:-600}
QUIET_WAIT=${QUIET_WAIT:-300}

out=target/bench-tf
mkdir -p "$out"
runs_file=$out/runs.tsv
: >"$runs_file"

# What is measured: a copy of the binary, so that a concurrent `cargo build` (another
# engineer's, on a shared target/) cannot swap it in the middle of the run.
describe_tree() {
  local dirty=""
  [ -z "$(git status --porcelain -- src Cargo.toml Cargo.lock 2>/dev/null)" ] || dirty=" + uncommitted changes under src/"
  echo "commit \`$(git rev-parse --short HEAD 2>/dev/null || echo '?')\`$dirty"
}
if [ -n "${SQSGUARD:-}" ]; then
  source_bin=$SQSGUARD
  build="the binary $SQSGUARD"
elif cargo build --release --locked; then
  source_bin=target/release/sqsguard
  build="$(describe_tree), release build"
elif [ -x target/release/sqsguard ]; then
  echo "run_tf.sh: cargo build failed; using the existing target/release/sqsguard" >&2
  source_bin=target/release/sqsguard
  build="an earlier release build (target/release/sqsguard of $(date -r target/release/sqsguard '+%F %R'); the tree did not build)"
else
  echo "run_tf.sh: cargo build failed and there is no target/release/sqsguard" >&2
  exit 2
fi
bin=$out/sqsguard
cp "$source_bin" "$bin"
[ -x /usr/bin/time ] || { echo "run_tf.sh: needs GNU time at /usr/bin/time (Debian: time)" >&2; exit 2; }

# Corpus sizes: Terraform inputs only (.tf and .tfvars), in bytes.
corpus_bytes() { find "$1" -type f \( -name '*.tf' -o -name '*.tfvars' \) -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }
corpus_files() { find "$1" -type f \( -name '*.tf' -o -name '*.tfvars' \) | wc -l; }

# CPU busy fraction (percent, all cores) over half a second, from /proc/stat.
busy_percent() {
  local a b
  a=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $5 + $6}' /proc/stat)
  sleep 0.5
  b=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $5 + $6}' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN {split(a, x, " "); split(b, y, " "); busy = y[1] - x[1];
    total = busy + y[2] - x[2]; printf "%d", (total > 0 ? 100 * busy / total : 0)}'
}

# Wait until the machine is idle (under 10 % busy), at most QUIET_WAIT seconds.
noisy_runs=0
wait_quiet() {
  local waited=0 busy limit=$QUIET_WAIT
  # Once the machine stayed busy for a whole wait, do not wait that long before every run.
  [ "$noisy_runs" -eq 0 ] || limit=$((QUIET_WAIT < 30 ? QUIET_WAIT : 30))
  while busy=$(busy_percent) && [ "$busy" -ge 10 ]; do
    if [ "$waited" -ge "$limit" ]; then
      echo "run_tf.sh: machine still ${busy}% busy after ${limit}s; measuring anyway" >&2
      noisy_runs=$((noisy_runs + 1))
      return
    fi
    sleep 2
    waited=$((waited + 3))
  done
}

# measure LABEL DIR BYTES FILES CMD...: one warm-up run, then RUNS timed runs, one line each
# in $runs_file: label, dir, bytes, files, exit status, wall seconds, peak RSS KiB, user and
# system CPU seconds.
measure() {
  local label=$1 dir=$2 bytes=$3 files=$4
  shift 4
  local i start end status rss user sys
  for i in $(seq 0 "$RUNS"); do
    [ "$i" -eq 0 ] || wait_quiet
    start=$(date +%s%N)
    set +e
    /usr/bin/time -v -o "$out/time.txt" timeout "$TIMEOUT" "$@" >/dev/null 2>"$out/stderr.txt"
    status=$?
    set -e
    end=$(date +%s%N)
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")
    user=$(awk -F': ' '/User time \(seconds\)/ {print $2}' "$out/time.txt")
    sys=$(awk -F': ' '/System time \(seconds\)/ {print $2}' "$out/time.txt")
    if [ "$status" -eq 124 ]; then
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$dir" "$bytes" "$files" timeout "$TIMEOUT" \
        "${rss:-0}" "${user:-0}" "${sys:-0}" >>"$runs_file"
      return
    fi
    if [ "$i" -gt 0 ]; then
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$dir" "$bytes" "$files" "$status" \
        "$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.4f", (b - a) / 1e9}')" "${rss:-0}" \
        "${user:-0}" "${sys:-0}" >>"$runs_file"
    fi
  done
}

scan() { # scan DIR REPORT
  timeout "$TIMEOUT" "$bin" scan "$1" --format json -j "$JOBS" -o "$2"
}

# --- The monorepo ------------------------------------------------------------------------
corpus=$out/corpus
python3 benches/gen_tf_corpus.py "$corpus" --roots "$ROOTS" --seed "$SEED" --manifest "$out/corpus.manifest.json"
bytes=$(corpus_bytes "$corpus")
files=$(corpus_files "$corpus")
measure sqsguard "$corpus" "$bytes" "$files" "$bin" scan "$corpus" --format json -j "$JOBS" -o "$out/corpus.report.json"
measure sqsguard-j1 "$corpus" "$bytes" "$files" "$bin" scan "$corpus" --format json -j 1 -o /dev/null
if command -v rg >/dev/null; then
  measure rg "$corpus" "$bytes" "$files" rg -c aws_sqs_queue "$corpus"
fi

# --- Linearity -----------------------------------------------------------------------------
read -r -a calls_list <<<"$CALLS"
read -r -a refs_list <<<"$REFS"
series() { # series NAME CALLS REFS
  local dir=$out/linear-$2x$3
  python3 benches/gen_tf_corpus.py "$dir" --linear "$2" --refs "$3" --chain "$CHAIN" --manifest "$dir.manifest.json" >/dev/null
  scan "$dir" "$dir.report.json" || true
  measure "$1:$2x$3" "$dir" "$(corpus_bytes "$dir/root")" "$(corpus_files "$dir/root")" \
    "$bin" scan "$dir" --format json -j "$JOBS" -o /dev/null
}
for n in "${calls_list[@]}"; do series calls "$n" "${refs_list[0]}"; done
for m in "${refs_list[@]}"; do series refs "${calls_list[0]}" "$m"; done

# --- Report ----------------------------------------------------------------------------------
python3 - "$out" "$bin" "$JOBS" "$RUNS" "$CHAIN" "$noisy_runs" "$build" <<'EOF' | tee "$out/results.md"
import collections, json, os, statistics, subprocess, sys

out, binary, jobs, runs, chain, noisy, build = sys.argv[1:8]
rows = collections.OrderedDict()
for line in open(os.path.join(out, "runs.tsv")):
    label, directory, size, files, status, wall, rss, user, system = line.rstrip("\n").split("\t")
    entry = rows.setdefault(label, {"dir": directory, "bytes": int(size), "files": int(files),
                                    "walls": [], "users": [], "systems": [], "rss": 0, "status": set()})
    entry["walls"].append(float(wall))
    entry["users"].append(float(user))
    entry["systems"].append(float(system))
    entry["rss"] = max(entry["rss"], int(rss))
    entry["status"].add(status)

def median(entry):
    return statistics.median(entry["walls"])

def cpu_text(entry):
    return f"{statistics.median(entry['users']):.2f} + {statistics.median(entry['systems']):.2f} s"

def timed_out(entry):
    return "timeout" in entry["status"]

def wall_text(entry):
    return f"> {entry['walls'][0]:.0f} s (timeout)" if timed_out(entry) else f"{median(entry):.2f} s"

import datetime
version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
today = datetime.date.today().isoformat()
print(f"Measured {today}: {version}, {build}, {os.cpu_count()} cores, "
      f"`-j {jobs}`, warm page cache, median of {runs} runs after a warm-up"
      + (f" ({noisy} runs on a busy machine)" if noisy != "0" else "") + ".")
print()

manifest = json.load(open(os.path.join(out, "corpus.manifest.json")))
report = json.load(open(os.path.join(out, "corpus.report.json")))
summary = report["summary"]
by_rule = collections.Counter(f["rule"] for f in report["findings"])
in_modules = sum(1 for f in report["findings"] if f.get("address", "").startswith("module."))
errors = len(report["errors"])

def seeds_found(needs_modules):
    expected = found = 0
    for seed in manifest["seeds"]:
        if seed["needs_modules"] != needs_modules:
            continue
        expected += 1
        # A seed's value is written in its root (terraform.tfvars or main.tf), and findings
        # point where a value is written.
        prefix = os.path.join(out, "corpus", seed["root"]) + "/"
        if any(f["rule"] == seed["rule"] and f["file"].startswith(prefix) for f in report["findings"]):
            found += 1
    return found, expected

main = rows["sqsguard"]
mb = main["bytes"] / 1e6
print(f"Corpus (`gen_tf_corpus.py --roots {manifest['roots']}`): {main['files']:,} Terraform files "
      f"({manifest['tf_files']:,} `.tf`, {manifest['roots']} `terraform.tfvars`), {mb:.1f} MB, "
      f"{manifest['roots']} root modules ({manifest['service_roots']} calling `modules/service`, "
      f"{manifest['legacy_roots']} with their own queues, {manifest['plain_roots']} without SQS) "
      f"and {manifest['module_dirs'] - manifest['roots']} shared modules.")
print()
print("| command | wall time | MB/s | files/s | CPU user + sys | peak RSS |")
print("|---|---:|---:|---:|---:|---:|")
for label, command in (("sqsguard", f"`sqsguard scan corpus --format json -j {jobs}`"),
                       ("sqsguard-j1", "`sqsguard scan corpus --format json -j 1`"),
                       ("rg", "`rg -c aws_sqs_queue corpus`")):
    if label not in rows:
        continue
    entry = rows[label]
    if timed_out(entry):
        print(f"| {command} | {wall_text(entry)} | — | — | — | {entry['rss'] / 1024:.0f} MB |")
        continue
    wall = median(entry)
    print(f"| {command} | {wall:.2f} s | {mb / wall:.1f} | {entry['files'] / wall:,.0f} | "
          f"{cpu_text(entry)} | {entry['rss'] / 1024:.0f} MB |")
print()
root_found, root_expected = seeds_found(False)
module_found, module_expected = seeds_found(True)
rules = ", ".join(f"{rule} {count}" for rule, count in sorted(by_rule.items())) or "none"
print(f"Scan result: {summary['files_scanned']:,} files parsed, {summary['files_skipped']:,} skipped by "
      f"the prefilter, {errors} errors; {len(report['findings'])} findings ({rules}), "
      f"{in_modules} of them inside module instances (`module.…` addresses). Seeded problems "
      f"found: {root_found}/{root_expected} that need no module evaluation, "
      f"{module_found}/{module_expected} that do.")
if in_modules == 0:
    print("No finding is inside a module instance: this binary does not instantiate modules yet "
          "(measured before module instantiation landed), so the figures below time parsing and "
          "the root modules' own evaluation only.")
print()

print(f"Linearity (`gen_tf_corpus.py --linear N --refs M --chain {chain}`: one root with N calls of "
      "`modules/service`, each referenced M times; sizes are the root's `.tf` files):")
print()
print("| N calls × M refs | root size | wall time | CPU user + sys | peak RSS | size ratio | wall ratio | user CPU ratio | SQS101 findings | calls with SQS101 (expected) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
verdicts = []
for series in ("calls", "refs"):
    base = None
    for label, entry in rows.items():
        if not label.startswith(series + ":"):
            continue
        shape = label.split(":", 1)[1]
        directory = entry["dir"]
        lin_manifest = json.load(open(directory + ".manifest.json"))
        off_calls = set(lin_manifest["sse_off_calls"])
        try:
            lin_report = json.load(open(directory + ".report.json"))
            sqs101 = [f.get("address", "") for f in lin_report["findings"] if f["rule"] == "SQS101"]
            findings = str(len(sqs101))
            hit = {a.split(".")[1] for a in sqs101 if a.startswith("module.svc_")}
            calls_text = f"{len(hit & off_calls):,} ({len(off_calls):,})"
            if hit - off_calls:
                calls_text += f", {len(hit - off_calls):,} other"
        except (OSError, ValueError):
            findings, calls_text = "?", f"? ({len(off_calls):,})"
        if base is None:
            base = entry
        size_ratio = entry["bytes"] / base["bytes"]
        if timed_out(entry) or timed_out(base):
            wall_ratio = user_ratio = "—"
        else:
            wall_ratio = f"{median(entry) / median(base):.2f}"
            ratio = statistics.median(entry["users"]) / statistics.median(base["users"])
            user_ratio = f"{ratio:.2f}"
            if entry is not base:
                verdicts.append(ratio / size_ratio)
        n, m = shape.split("x")
        cpu = "—" if timed_out(entry) else cpu_text(entry)
        print(f"| {int(n):,} × {m} | {entry['bytes'] / 1e6:.1f} MB | {wall_text(entry)} | {cpu} | "
              f"{entry['rss'] / 1024:.0f} MB | {size_ratio:.2f} | {wall_ratio} | {user_ratio} | "
              f"{findings} | {calls_text} |")
print()
if verdicts:
    worst = max(verdicts)
    word = "linear" if worst <= 1.25 else "SUPERLINEAR"
    print(f"Worst user CPU ratio / size ratio: {worst:.2f} ({word} by this measure, where 1.00 is "
          "exactly linear; user CPU time is used because wall and system time on a shared "
          "machine follow the other processes and the page faults more than the input).")
else:
    print("Linearity: not measured (a run timed out).")
EOF

if [ "${UPDATE_README:-0}" = 1 ]; then
  python3 - "$out/results.md" benches/README.md <<'EOF'
import sys
results, readme = sys.argv[1:3]
start, end = "<!-- tf-bench:start -->", "<!-- tf-bench:end -->"
text = open(readme).read()
if start not in text or end not in text:
    sys.exit(f"{readme}: no {start} … {end} block to replace")
head, rest = text.split(start, 1)
_, tail = rest.split(end, 1)
open(readme, "w").write(head + start + "\n" + open(results).read().strip() + "\n" + end + tail)
print(f"updated {readme}")
EOF
fi
