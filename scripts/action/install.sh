#!/usr/bin/env bash
# action.yml, step "install": builds sqsguard from the action's own source, unless actions/cache
# restored a build of exactly that source. No binary is downloaded from anywhere.
#
# Reads SQSGUARD_BIN and SQSGUARD_ROOT (from cache-key.sh), SQSGUARD_CACHE_HIT (from
# actions/cache) and GITHUB_ACTION_PATH.
set -euo pipefail

bin="${SQSGUARD_BIN:?SQSGUARD_BIN is not set}"
root="${SQSGUARD_ROOT:?SQSGUARD_ROOT is not set}"
action_path="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"

if [ "${SQSGUARD_CACHE_HIT:-}" = "true" ] && version="$("$bin" --version 2>/dev/null)"; then
  echo "sqsguard action: using the cached build ($version)"
  exit 0
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "::error title=sqsguard action::cargo is not on PATH. GitHub-hosted runners ship Rust;" \
    "elsewhere, install a Rust toolchain (for example with rustup) before this step."
  exit 1
fi

echo "sqsguard action: building sqsguard from $action_path"
# --force: a stale sqsguard may sit in $root/bin on a self-hosted runner; the cache key said
# this source has not been built, so replace it.
cargo install --locked --force --path "$action_path" --root "$root"
echo "sqsguard action: installed $("$bin" --version)"
