#!/usr/bin/env bash
# Builds GateKit's libFuzzer targets and runs each for a while.
#
#   Fuzz/run.sh [SECONDS] [TARGET...]
#
# SECONDS defaults to 30 per target; TARGET is csv, idx, inflate or safetensors (or
# FuzzCSV, FuzzIDX, …), all four by default. Targets run one after another; with
# FUZZ_PARALLEL=1 they run at the same time (one process each: mind the cores).
#
# Everything is written under .build-fuzz/ at the repository root (git-ignored by the
# `.build-*/` pattern): the build, a working corpus per target seeded from Fuzz/Corpus
# (which is never written), logs, and any crashing input under .build-fuzz/crashes/.
# Prints per target the executions, exec/s, coverage and the verdict, and exits non-zero
# if any target crashed, timed out, ran out of memory or failed to start.
#
# Needs only the Swift toolchain (libFuzzer ships with it). Extra libFuzzer options can be
# passed in FUZZ_OPTIONS, e.g. FUZZ_OPTIONS="-jobs=2" or "-seed=1".
set -euo pipefail

fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$fuzz_dir")"
scratch="$root/.build-fuzz"
seconds="${1:-30}"
[[ $# -gt 0 ]] && shift
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS] [csv|idx|inflate|safetensors ...]" >&2; exit 2; }

targets=()
for name in "${@:-csv idx inflate safetensors}"; do
  for word in $name; do
    case "$(echo "$word" | tr '[:upper:]' '[:lower:]')" in
      csv | fuzzcsv) targets+=(csv) ;;
      idx | fuzzidx) targets+=(idx) ;;
      inflate | fuzzinflate | gzip) targets+=(inflate) ;;
      safetensors | fuzzsafetensors) targets+=(safetensors) ;;
      *) echo "unknown target '$word' (csv, idx, inflate, safetensors)" >&2; exit 2 ;;
    esac
  done
done

executable() {
  case "$1" in
    csv) echo FuzzCSV ;; idx) echo FuzzIDX ;; inflate) echo FuzzInflate ;;
    safetensors) echo FuzzSafetensors ;;
  esac
}

# SwiftPM's --sanitize=fuzzer links libFuzzer's main (and keeps SwiftPM from renaming the
# executable's entry point), but only -Xswiftc -sanitize=fuzzer instruments the Swift code
# for coverage; both are needed.
echo "== building the fuzz targets (release, libFuzzer + AddressSanitizer)"
build_start=$SECONDS
swift build --package-path "$fuzz_dir" --scratch-path "$scratch/build" -c release \
  --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address
echo "build: $((SECONDS - build_start)) s"
bin="$(swift build --package-path "$fuzz_dir" --scratch-path "$scratch/build" -c release \
  --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address --show-bin-path)"

mkdir -p "$scratch/crashes" "$scratch/logs"
# Swift's backtracer would slow down every crash report; libFuzzer prints its own.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"

run_target() {
  local target=$1 exe
  exe="$(executable "$target")"
  local corpus="$scratch/corpus/$target" log="$scratch/logs/$target.log"
  mkdir -p "$corpus"
  cp -n "$fuzz_dir/Corpus/$target/"* "$corpus/" 2>/dev/null || true
  local dict=()
  [[ -f "$fuzz_dir/Dictionaries/$target.dict" ]] && dict=("-dict=$fuzz_dir/Dictionaries/$target.dict")
  local status=0
  # shellcheck disable=SC2086
  "$bin/$exe" "$corpus" "${dict[@]}" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -malloc_limit_mb=1024 -max_len=8192 -print_final_stats=1 \
    -artifact_prefix="$scratch/crashes/$target-" ${FUZZ_OPTIONS:-} >"$log" 2>&1 || status=$?
  echo "$status" >"$scratch/logs/$target.status"
}

if [[ "${FUZZ_PARALLEL:-0}" == 1 ]]; then
  echo "== fuzzing ${targets[*]} for $seconds s each, at the same time"
  for target in "${targets[@]}"; do run_target "$target" & done
  wait
else
  for target in "${targets[@]}"; do
    echo "== fuzzing $target for $seconds s"
    run_target "$target"
  done
fi

failed=0
printf '\n%-12s %12s %8s %8s %10s %10s  %s\n' target executions seconds exec/s cov ft result
for target in "${targets[@]}"; do
  log="$scratch/logs/$target.log"
  status="$(cat "$scratch/logs/$target.status")"
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)"
  secs="$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)"
  last="$(grep -E '^#[0-9]+' "$log" | grep -E 'cov: ' | tail -n 1 || true)"
  cov="$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')"
  ft="$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')"
  result=ok
  if [[ "$status" != 0 ]] || grep -qE '^==[0-9]+==ERROR|^SUMMARY: libFuzzer|deadly signal' "$log"; then
    result="CRASH (exit $status): $(grep -E 'SUMMARY|ERROR:|Test unit written' "$log" | head -n 3 | tr '\n' ' ')"
    failed=1
  fi
  printf '%-12s %12s %8s %8s %10s %10s  %s\n' "$target" "${runs:-?}" "${secs:-?}" "${rate:-?}" \
    "${cov:-?}" "${ft:-?}" "$result"
done
echo "logs: $scratch/logs; crashing inputs: $scratch/crashes"
[[ $failed == 0 ]] || { echo "FUZZING FOUND A CRASH" >&2; exit 1; }
