#!/usr/bin/env bash
# action.yml, last step: fails the step according to `fail-on`, after the SARIF upload, so the
# findings are in code scanning (and the summary) even when the job fails.
#
# The scan step already passed `fail-on` to sqsguard, whose exit status says everything:
# 0 = nothing at or above fail-on, 1 = a finding at or above it, 2 = a file could not be read
# or parsed, or a usage error (this fails the step whatever fail-on says).
#
# Reads SQSGUARD_EXIT_CODE and SQSGUARD_FINDINGS (outputs of the scan step).
set -euo pipefail

code="${SQSGUARD_EXIT_CODE:-}"
findings="${SQSGUARD_FINDINGS:-}"
count="${findings:-an unknown number of}"

case "$code" in
  0)
    echo "sqsguard: $count finding(s), none at or above the fail-on severity"
    exit 0
    ;;
  1)
    echo "::error title=sqsguard::$count finding(s); at least one is at or above the fail-on severity"
    exit 1
    ;;
  "")
    echo "::error title=sqsguard action::the scan step reported no exit code"
    exit 2
    ;;
  *[!0-9]*)
    echo "::error title=sqsguard action::the scan step reported exit code '$code'"
    exit 2
    ;;
  *)
    echo "::error title=sqsguard::sqsguard exited with status $code: a file could not be read" \
      "or parsed, or an argument is wrong (see the scan step's log)"
    exit "$code"
    ;;
esac
