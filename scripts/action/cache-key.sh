#!/usr/bin/env bash
# action.yml, step "key": where the action installs sqsguard, and the cache key for that build.
#
# The key hashes the sources the binary is built from (Cargo.toml, Cargo.lock, build.rs, src/,
# rules/) rather than trusting the ref alone: a moving ref such as `main` or `v1` then gets a
# fresh build as soon as its code changes, and `uses: ./` (which has no ref) works too.
#
# Reads GITHUB_ACTION_PATH and HOME; writes `hash`, `root` and `bin` to $GITHUB_OUTPUT.
set -euo pipefail

action_path="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
: "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"

if command -v sha256sum >/dev/null 2>&1; then
  hasher=(sha256sum)
elif command -v shasum >/dev/null 2>&1; then
  hasher=(shasum -a 256)
else
  echo "::error title=sqsguard action::neither sha256sum nor shasum is available"
  exit 1
fi

cd "$action_path"
sources=()
for candidate in Cargo.toml Cargo.lock build.rs src rules; do
  [ -e "$candidate" ] && sources+=("$candidate")
done
if [ "${#sources[@]}" -eq 0 ]; then
  echo "::error title=sqsguard action::no sources under $action_path"
  exit 1
fi
# One line per file (digest and path), in a fixed order, then the digest of that listing.
hash="$(
  find "${sources[@]}" -type f -print | LC_ALL=C sort | while IFS= read -r file; do
    "${hasher[@]}" "$file"
  done | "${hasher[@]}" | cut -d ' ' -f 1
)"

exe=""
case "${RUNNER_OS:-$(uname -s)}" in
  Windows | MINGW* | MSYS* | CYGWIN*) exe=".exe" ;;
esac
root="$HOME/.cargo"

{
  echo "hash=$hash"
  echo "root=$root"
  echo "bin=$root/bin/sqsguard$exe"
} >>"$GITHUB_OUTPUT"
echo "sqsguard action: source hash $hash"
