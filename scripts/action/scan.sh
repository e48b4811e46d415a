#!/usr/bin/env bash
# action.yml, step "scan": runs sqsguard and prepares everything the later steps need.
#
# The inputs arrive only through the environment (never interpolated into a script):
#   INPUT_PATH INPUT_ARGS INPUT_FAIL_ON INPUT_CONFIG INPUT_BASELINE INPUT_FORMAT INPUT_OUTPUT
#   INPUT_UPLOAD_SARIF INPUT_ANNOTATIONS INPUT_SUMMARY
# plus SQSGUARD_BIN (the binary; `sqsguard` on PATH when empty), GITHUB_OUTPUT,
# GITHUB_STEP_SUMMARY and RUNNER_TEMP.
#
# sqsguard writes one format per run and a scan is cheap, so this runs it once per report:
#   1. SARIF, always: the file to upload and the `sarif-file` output. Its exit status is the
#      `exit-code` output, and its diagnostics (files that failed to parse) are shown in the log.
#   2. JSON into RUNNER_TEMP, for the `findings` output (`summary.findings`).
#   3. `format` into `output` (or the log when `output` is empty), when `format` is not sarif.
#   4. Markdown appended to $GITHUB_STEP_SUMMARY, when `summary` is true.
#   5. GitHub workflow commands on stdout (annotations), when `annotations` is true, or `auto`
#      and the SARIF is not uploaded.
# Runs 2-5 keep their diagnostics quiet, since run 1 printed the same ones.
#
# This step fails only when the action is misconfigured or sqsguard cannot be started: findings
# and unreadable files are reported by the `exit-code` output, and the last step of the action
# (enforce.sh) fails the job on them after the SARIF upload.
set -euo pipefail

fail() {
  echo "::error title=sqsguard action::$*"
  exit 2
}

: "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"

lower() { printf '%s' "$1" | tr '[:upper:]' '[:lower:]'; }

# A boolean input: true or false, in any case; stores it in REPLY. $1 names the input, $2 is
# its value, $3 the one other value allowed (`auto`, which an empty value also means), if any.
boolean() {
  REPLY="$(lower "$2")"
  case "$REPLY" in
    true | false) ;;
    *)
      if [ -n "${3:-}" ] && { [ "$REPLY" = "$3" ] || [ -z "$REPLY" ]; }; then
        REPLY="$3"
      else
        fail "input '$1' must be true or false${3:+ or $3}, not '$2'"
      fi
      ;;
  esac
}

# Splits $2 into words the way xargs does (blanks and newlines separate words, single and
# double quotes and backslashes group them; nothing is expanded or executed) and stores them
# NUL-separated in the file $3. $1 names the input, for errors.
split_words() {
  if [[ "$2" =~ [^[:space:]] ]]; then
    printf '%s' "$2" | xargs printf '%s\0' >"$3" 2>"$3.err" ||
      fail "input '$1' could not be split into words: $(cat "$3.err")"
  else
    : >"$3"
  fi
}

boolean upload-sarif "${INPUT_UPLOAD_SARIF:-true}"
upload="$REPLY"
boolean summary "${INPUT_SUMMARY:-true}"
summary="$REPLY"
boolean annotations "${INPUT_ANNOTATIONS:-auto}" auto
annotations="$REPLY"
if [ "$annotations" = "auto" ]; then
  if [ "$upload" = "true" ]; then annotations=false; else annotations=true; fi
fi

format="$(lower "${INPUT_FORMAT:-sarif}")"
case "$format" in
  sarif | json | text | github | markdown) ;;
  *) fail "input 'format' must be one of sarif, json, text, github, markdown; not '$format'" ;;
esac
output="${INPUT_OUTPUT:-}"
case "$output" in
  *$'\n'* | *$'\r'*) fail "input 'output' must not contain a line break" ;;
esac

bin="${SQSGUARD_BIN:-}"
if [ -z "$bin" ]; then
  bin="$(command -v sqsguard)" || fail "sqsguard is not on PATH"
fi

temp_root="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
work="$(mktemp -d "$temp_root/sqsguard.XXXXXX")"

split_words path "${INPUT_PATH:-.}" "$work/paths"
split_words args "${INPUT_ARGS:-}" "$work/args"
paths=()
while IFS= read -r -d '' word; do paths+=("$word"); done <"$work/paths"
if [ "${#paths[@]}" -eq 0 ]; then paths=(.); fi

# Everything but the format and the destination, shared by every run. `--config` and
# `--baseline` are passed only when their inputs are set, so that sqsguard's own defaults (a
# config file found by walking up from the scan root) apply otherwise; likewise `--fail-on`.
common=()
[ -n "${INPUT_FAIL_ON:-}" ] && common+=(--fail-on "$INPUT_FAIL_ON")
[ -n "${INPUT_CONFIG:-}" ] && common+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_BASELINE:-}" ] && common+=(--baseline "$INPUT_BASELINE")
while IFS= read -r -d '' word; do
  case "$word" in
    --format | --format=* | --output | --output=* | -o*)
      fail "input 'args' must not set the report format or file ('$word'): use the 'format'" \
        "and 'output' inputs"
      ;;
  esac
  common+=("$word")
done <"$work/args"

# Runs one scan: $1 = format, $2 = destination file ('-' for stdout), $3 = file for stderr ('-'
# to show it in the log). Sets `status`.
scan() {
  local destination=()
  [ "$2" != "-" ] && destination=(--output "$2")
  set +e
  if [ "$3" = "-" ]; then
    "$bin" scan --format "$1" ${destination[@]+"${destination[@]}"} \
      ${common[@]+"${common[@]}"} -- "${paths[@]}"
  else
    "$bin" scan --format "$1" ${destination[@]+"${destination[@]}"} \
      ${common[@]+"${common[@]}"} -- "${paths[@]}" 2>"$3"
  fi
  status=$?
  set -e
}

# Reports a secondary run whose status differs from the SARIF run's (they read the same files
# with the same options, so a difference means this report could not be written).
check_secondary() {
  if [ "$status" -ne "$exit_code" ]; then
    echo "::warning title=sqsguard action::the $1 report exited with status $status (the SARIF" \
      "run: $exit_code); it may be missing or incomplete"
    cat "$work/$1.stderr" >&2 || true
  fi
}

# 1. SARIF.
if [ "$format" = "sarif" ] && [ -n "$output" ]; then
  sarif_file="$output"
else
  sarif_file="$work/sqsguard.sarif"
fi
mkdir -p "$(dirname "$sarif_file")"
echo "sqsguard: scanning ${paths[*]}"
scan sarif "$sarif_file" -
exit_code=$status
if [ ! -s "$sarif_file" ]; then
  # Nothing to upload or summarise: sqsguard stopped before writing a report (its error is
  # above); the other runs would only repeat it.
  echo "::error title=sqsguard::sqsguard exited with status $exit_code and wrote no report"
  {
    echo "sarif-file="
    echo "findings="
    echo "exit-code=$exit_code"
    echo "upload-sarif=$upload"
  } >>"$GITHUB_OUTPUT"
  exit 0
fi

# 2. JSON, for the count.
findings=""
scan json "$work/sqsguard.json" "$work/json.stderr"
check_secondary json
counts=""
if [ -s "$work/sqsguard.json" ]; then
  if command -v jq >/dev/null 2>&1; then
    counts="$(jq -r '.summary | [.findings, .critical, .high, .medium, .low] | @tsv' \
      "$work/sqsguard.json" 2>/dev/null)" || counts=""
  else
    for python in python3 python; do
      command -v "$python" >/dev/null 2>&1 || continue
      counts="$("$python" -c 'import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))["summary"]
print("\t".join(str(s[k]) for k in ("findings", "critical", "high", "medium", "low")))' \
        "$work/sqsguard.json" 2>/dev/null)" || counts=""
      break
    done
  fi
fi
if [[ "$counts" =~ ^([0-9]+)$'\t'([0-9]+)$'\t'([0-9]+)$'\t'([0-9]+)$'\t'([0-9]+)$ ]]; then
  findings="${BASH_REMATCH[1]}"
  echo "sqsguard: $findings finding(s): ${BASH_REMATCH[2]} critical, ${BASH_REMATCH[3]} high," \
    "${BASH_REMATCH[4]} medium, ${BASH_REMATCH[5]} low; exit status $exit_code"
else
  echo "::warning title=sqsguard action::could not count the findings (neither jq nor python" \
    "could read the JSON report); the 'findings' output is empty"
fi

# 3. The requested format, when it is not the SARIF already written.
if [ "$format" != "sarif" ]; then
  if [ -n "$output" ]; then
    case "$output" in
      *.sarif) echo "::warning title=sqsguard action::format is $format but output is '$output';" \
        "set 'output' to a file name for that format, or to '' to print the report in the log" ;;
    esac
    mkdir -p "$(dirname "$output")"
    scan "$format" "$output" "$work/$format.stderr"
  else
    scan "$format" - "$work/$format.stderr"
  fi
  check_secondary "$format"
fi

# 4. The job summary.
if [ "$summary" = "true" ]; then
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    scan markdown "$work/summary.md" "$work/markdown.stderr"
    check_secondary markdown
    if [ -s "$work/summary.md" ]; then
      { cat "$work/summary.md"; echo; } >>"$GITHUB_STEP_SUMMARY"
    fi
  else
    echo "sqsguard action: GITHUB_STEP_SUMMARY is not set; no job summary written"
  fi
fi

# 5. Annotations (workflow commands on stdout), unless step 3 printed them already.
if [ "$annotations" = "true" ] && ! { [ "$format" = "github" ] && [ -z "$output" ]; }; then
  scan github - "$work/github.stderr"
  check_secondary github
fi

if [ "$upload" = "true" ]; then
  echo "sqsguard: SARIF report $sarif_file (uploaded by the next step)"
else
  echo "sqsguard: SARIF report $sarif_file (not uploaded: upload-sarif is false)"
fi
{
  echo "sarif-file=$sarif_file"
  echo "findings=$findings"
  echo "exit-code=$exit_code"
  echo "upload-sarif=$upload"
} >>"$GITHUB_OUTPUT"
