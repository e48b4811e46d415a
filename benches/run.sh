#!/usr/bin/env bash
# Speed and memory benchmark over a generated monorepo: sqsguard against ripgrep searching the
# same tree. Needs `hyperfine` and `ripgrep` (Debian packages); not part of CI.
#   benches/run.sh [CORPUS_DIR] [FILES] [MB]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-/tmp/sqsguard-corpus}
files=${2:-26000}
mb=${3:-300}
if [ ! -d "$corpus" ]; then
  python3 benches/gen_corpus.py "$corpus" --files "$files" --mb "$mb"
fi
cargo build --release --locked
bin=$PWD/target/release/sqsguard
echo "corpus: $(find "$corpus" -type f | wc -l) files, $(du -sm "$corpus" | cut -f1) MB on disk"
# Warm the page cache so both tools read from memory, as they would on a second run.
hyperfine --warmup 2 --runs 10 --ignore-failure \
  "rg --no-messages -c aws_sqs_queue $corpus" \
  "$bin scan $corpus --format sarif --output /dev/null" \
  "$bin scan $corpus --format sarif --output /dev/null --jobs 1"
for jobs in 2 1; do
  /usr/bin/time -f "sqsguard --jobs $jobs: %e s wall, %M KiB peak RSS" \
    "$bin" scan "$corpus" --format sarif --output /dev/null --jobs "$jobs" || true
done
