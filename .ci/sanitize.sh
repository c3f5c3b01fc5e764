#!/usr/bin/env bash
# Runs the whole test suite under the sanitizers, each in its own scratch path.
#
#   .ci/sanitize.sh                  # both: address, then thread
#   .ci/sanitize.sh address          # AddressSanitizer (+ LeakSanitizer), in .build-asan
#   .ci/sanitize.sh thread           # ThreadSanitizer, in .build-tsan
#
# Prints the wall time (build + tests) per sanitizer. Fails when the build or a test fails,
# or when a sanitizer reports anything, also from a child process (the killed-save test's
# CheckpointWriter is built with the same sanitizer). The full log of a run is
# .build-asan/sanitize.log or .build-tsan/sanitize.log.
#
# SANITIZE_FILTER, if set, is passed to `swift test --filter` (CI runs the suites that use
# threads and child processes under ThreadSanitizer, to stay within its time budget).
#
# GATEKIT_SANITIZER is set to the sanitizer's name for the test process, so that a test too
# slow under a sanitizer can skip itself visibly with `.enabled(if:)` (none does today).
set -uo pipefail
cd "$(dirname "$0")/.."

if [ $# -eq 0 ]; then set -- address thread; fi
for sanitizer in "$@"; do
  case "$sanitizer" in
    address | thread) ;;
    *)
      echo "usage: $0 [address|thread ...]" >&2
      exit 2
      ;;
  esac
done

# Report everything, stop nowhere early: one run lists all findings; the log is checked below.
export ASAN_OPTIONS="detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export TSAN_OPTIONS="halt_on_error=0:exitcode=66:second_deadlock_stack=1${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

# Leaks inside the toolchain's own libraries, not ours: XCTest's run objects at exit
# (XCTMainMisc, XCTest.SuiteRun); FoundationXML's error objects when XMLParser meets
# malformed markup (a plot test feeds it some on purpose); and a weak reference that
# Foundation's Process.run allocates (the killed-save test starts child processes).
mkdir -p .build-asan
suppressions="$(pwd)/.build-asan/lsan-suppressions.txt"
printf 'leak:libXCTest.so\nleak:libFoundationXML.so\nleak:Foundation7ProcessC3run\n' \
  >"$suppressions"
export LSAN_OPTIONS="suppressions=$suppressions${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

# What a sanitizer prints when it finds something (in any process, the test's children too).
reports='^(==[0-9]+==)?(ERROR|WARNING): (AddressSanitizer|LeakSanitizer|ThreadSanitizer)|^SUMMARY: (AddressSanitizer|LeakSanitizer|ThreadSanitizer)|runtime error:'

failed=()
summary=()
for sanitizer in "$@"; do
  case "$sanitizer" in
    address) scratch=.build-asan ;;
    thread) scratch=.build-tsan ;;
  esac
  mkdir -p "$scratch"
  log="$scratch/sanitize.log"
  printf '\n== swift test --sanitize=%s --scratch-path %s\n' "$sanitizer" "$scratch"
  start=$SECONDS
  GATEKIT_SANITIZER="$sanitizer" swift test --sanitize="$sanitizer" --scratch-path "$scratch" \
    ${SANITIZE_FILTER:+--filter "$SANITIZE_FILTER"} 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  elapsed=$((SECONDS - start))
  found=$(grep -cE "$reports" "$log")
  result="passed"
  if [ "$status" -ne 0 ] || [ "$found" -ne 0 ]; then
    result="FAILED (exit status $status, $found sanitizer report lines; see $log)"
    failed+=("$sanitizer")
    grep -E "$reports" "$log" | sort | uniq -c | sort -rn | head -n 20
  fi
  summary+=("$(printf '%-8s %4d s  %s' "$sanitizer" "$elapsed" "$result")")
done

printf '\n== sanitizers (wall time: build + tests)\n'
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -ne 0 ]; then
  echo "failed: ${failed[*]}"
  exit 1
fi
