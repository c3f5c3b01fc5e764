#!/usr/bin/env bash
# Every numeric, list and path option of every subcommand, given absurd values: empty,
# zero, negative, huge, many-digit, nan and inf. Each run must end either in a sane run
# (exit 0) or in exit status 2 with exactly one `gatekit: error:` line on stderr — never
# a crash, a hang (each run is limited to 60 s) or another status.
#
# usage: Tests/CLI/options.sh PATH/TO/gatekit
set -u

# shellcheck source=Tests/CLI/common.sh
. "$(dirname "$0")/common.sh"
gatekit_argument "$@"
work=$(mktemp -d "${TMPDIR:-/tmp}/gatekit-options.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
"$gatekit" train --dataset iris --epochs 2 --save iris.safetensors >/dev/null 2>&1 ||
  { echo "cannot train the iris model"; exit 1; }
printf 'a,b,c,d\n5.1,3.5,1.4,0.2\n6.2,2.9,4.3,1.3\n' >rows.csv

values=("" "0" "-1" "-0" "1e-300" "1e300" "nan" "inf" "-inf" "9223372036854775807"
  "99999999999999999999999999999" "0.0000000000000000000000000000000000000001" ","
  "4,,4" " 5" "0x10")
passed=0
failed=0

# check COMMAND OPTION BASE...: runs `gatekit COMMAND BASE... OPTION VALUE` for every value.
check() {
  local command=$1 option=$2
  shift 2
  # The base arguments without the option under test (so that it is not given twice).
  local base=()
  while [ $# -gt 0 ]; do
    if [ "$1" = "$option" ]; then shift 2; continue; fi
    base+=("$1")
    shift
  done
  set -- "${base[@]}"
  local value status lines
  for value in "${values[@]}"; do
    status=0
    local start=$(date +%s%N)
    # shellcheck disable=SC2086
    timeout 60 "$gatekit" $command "$@" "$option" "$value" >/dev/null 2>.stderr || status=$?
    local took=$((($(date +%s%N) - start) / 1000000))
    lines=$(wc -l <.stderr)
    local problem=""
    if [ "$status" -eq 2 ]; then
      [ "$lines" -eq 1 ] && grep -q '^gatekit: error: ' .stderr ||
        problem="exit 2 without exactly one error line"
    elif [ "$status" -ne 0 ]; then
      problem="exit status $status"
    fi
    if looks_like_crash .stderr; then
      problem="a crash report"
    fi
    if [ -n "$problem" ]; then
      failed=$((failed + 1))
      echo "FAIL gatekit $command $* $option '$value': $problem"
      sed 's/^/    stderr: /' .stderr | head -n 5
    else
      passed=$((passed + 1))
      echo "ok   gatekit $command $option '$value' (${took} ms): exit $status $(tail -n 1 .stderr | cut -c 1-150)"
    fi
  done
}

quick_train=(--dataset iris --epochs 1)
for option in --hidden --learning-rate --momentum --weight-decay --batch-size --seed \
  --clip-norm --patience --threads --save --plot --dataset --activation --loss --optimizer \
  --schedule --data-dir; do
  check train "$option" "${quick_train[@]}" --optimizer sgd
done
check train --epochs --dataset iris
check evaluate --model
check evaluate --dataset --model iris.safetensors
check evaluate --data-dir --model iris.safetensors
check predict --model --input rows.csv
check predict --input --model iris.safetensors
check predict --dataset --model iris.safetensors
check predict --data-dir --model iris.safetensors
# The examples take seconds: a few values (an existing file's name among them) suffice.
all_values=("${values[@]}")
values=("" "-1" "nan" "rows.csv" "rows.csv/sub")
check examples --dot
values=("${all_values[@]}")
quick_bench=(--configs logreg --repeats 1 --steps-scale 0.01 --warmup 0)
for option in --threads --configs --repeats --warmup --steps-scale --seed; do
  check bench "$option" "${quick_bench[@]}"
done
for option in --threads --shapes --repeats --min-time; do
  check "bench gemm" "$option" --threads 1 --shapes sq64 --repeats 1 --min-time 0.01
done
for option in --count --repeats --min-time; do
  check "bench activations" "$option" --count 1024 --repeats 1 --min-time 0.01
done
for option in --repeats --models --modes; do
  check "bench gradcheck" "$option" --repeats 1 --models tanh --modes fast
done
for option in --megabytes --repeats; do
  check "bench predict" "$option" --megabytes 1 --repeats 1
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
