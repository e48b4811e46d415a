#!/usr/bin/env bash
# Speed and memory of the Terraform plan reader on generated plans (benches/gen_plan.py): a
# 52 MB one-line plan of resource changes only, and a 64 MB plan with everything Terraform
# writes. Needs `hyperfine` (Debian package); not part of CI.
#   benches/run_plan.sh [OUT_DIR] [OTHER_SQSGUARD_BINARY]
# With a second binary (say, a build of an older commit), both are measured the same way.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/sqsguard-plans}
other=${2:-}
mkdir -p "$out"
[ -f "$out/plan.json" ] || python3 benches/gen_plan.py "$out/plan.json"
[ -f "$out/full.json" ] || python3 benches/gen_plan.py "$out/full.json" --full --queues 10000
cargo build --release --locked
# A copy: a concurrent `cargo build` cannot swap the binary mid-run.
cp target/release/sqsguard "$out/sqsguard"
bins=("$out/sqsguard")
[ -n "$other" ] && bins+=("$other")
echo "plans: $(du -m "$out/plan.json" | cut -f1) MB and $(du -m "$out/full.json" | cut -f1) MB; load: $(cut -d' ' -f1-3 /proc/loadavg)"
for plan in plan full; do
  commands=()
  for bin in "${bins[@]}"; do
    commands+=("$bin scan $out/$plan.json --format sarif --output /dev/null")
  done
  # Exit status 1 (findings) is expected.
  hyperfine -N --warmup 1 --runs 5 --ignore-failure "${commands[@]}"
  for bin in "${bins[@]}"; do
    /usr/bin/time -f "$plan.json, $bin: %e s wall, %U s user, %S s system, %M KiB peak RSS" \
      "$bin" scan "$out/$plan.json" --format sarif --output /dev/null || true
  done
done
