#!/usr/bin/env bash
# Faults as an operator meets them: output that cannot be written (stdout or stderr closed,
# a full device), a broken pipe, a full disk under a save, files replaced with their
# permissions, symbolic links, absurd resource options, corrupt model files. Each case
# checks the exit status and the one line on stderr (Docs/Errors.md lists them).
#
# usage: Tests/CLI/faults.sh PATH/TO/gatekit
set -u

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 PATH/TO/gatekit" >&2
  exit 64
fi
gatekit=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d "${TMPDIR:-/tmp}/gatekit-faults.XXXXXX")
mounted=""
cleanup() {
  [ -n "$mounted" ] && umount "$mounted" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
passed=0
failed=0
skipped=0

# expect NAME STATUS TEXT COMMAND: runs COMMAND (a shell line, `$g` is gatekit, `$w` the
# work directory) and checks its exit status, that stderr ends in one `gatekit: error:`
# line containing TEXT (when TEXT is not empty; progress lines may come before it), and
# that nothing looks like a crash.
expect() {
  local name=$1 want=$2 text=$3 line=$4
  local status=0
  (cd "$work" && g="$gatekit" w="$work" sh -c "$line") >"$work/.stdout" 2>"$work/.stderr" ||
    status=$?
  local problem=""
  if [ "$status" -ne "$want" ]; then
    problem="exit status $status, expected $want"
  elif [ "$(grep -c '^gatekit: error: ' "$work/.stderr")" -gt 1 ]; then
    problem="more than one error line on stderr"
  elif [ -n "$text" ] && ! { tail -n 1 "$work/.stderr" | grep -q '^gatekit: error: ' &&
    tail -n 1 "$work/.stderr" | grep -qF -- "$text"; }; then
    problem="the last line of stderr is not an error containing '$text'"
  elif grep -qiE 'fatal error|stack dump|backtrace|Crash|unexpectedly' "$work/.stderr"; then
    problem="stderr looks like a crash report"
  fi
  if [ -n "$problem" ]; then
    failed=$((failed + 1))
    echo "FAIL $name: $problem"
    sed 's/^/    stderr: /' "$work/.stderr" | head -n 5
  else
    passed=$((passed + 1))
    echo "ok   $name: $(tail -n 1 "$work/.stderr")"
  fi
}

skip() {
  skipped=$((skipped + 1))
  echo "skip $1: $2"
}

if ! (cd "$work" && "$gatekit" train --dataset iris --epochs 1 --save "$work/iris.safetensors") \
  >/dev/null 2>"$work/train-stderr"; then
  echo "FAIL could not train the iris model:"
  cat "$work/train-stderr"
  exit 1
fi

# --- Output that cannot be written -------------------------------------------------------
commands=(
  'train --dataset iris --epochs 1'
  'train --dataset iris --epochs 1 --json'
  'evaluate --model iris.safetensors'
  'evaluate --model iris.safetensors --json'
  'predict --model iris.safetensors'
  'predict --model iris.safetensors --json'
  'examples'
  'examples --json'
  'gradcheck'
  'gradcheck --json'
  'bench --configs logreg --repeats 1 --steps-scale 0.01 --json'
  'bench gemm --threads 1 --shapes sq64 --repeats 1 --min-time 0.01'
  'bench activations --count 1024 --repeats 1 --min-time 0.01'
  'bench gradcheck --repeats 1 --models tanh --modes fast'
  'help'
)
for command in "${commands[@]}"; do
  expect "$command >&-" 2 "cannot write to standard output: Bad file descriptor (errno 9)" \
    "\$g $command >&-"
  expect "$command >/dev/full" 2 "cannot write to standard output: No space left on device (errno 28)" \
    "\$g $command >/dev/full"
  expect "$command >/dev/full 2>&-" 2 "" "\$g $command >/dev/full 2>&-"
done
ln -s /dev/full "$work/full-link"
expect "predict through a symbolic link to /dev/full" 2 "No space left on device" \
  '$g predict --model iris.safetensors > "$w/full-link"'

# A broken pipe ends the command quietly (SIGPIPE, as other Unix tools), with nothing on
# stderr.
status=0
(cd "$work" && "$gatekit" predict --model iris.safetensors --json 2>"$work/pipe-stderr" |
  head -n 1 >/dev/null; exit "${PIPESTATUS[0]}") || status=$?
if { [ "$status" -eq 141 ] || [ "$status" -eq 0 ]; } && [ ! -s "$work/pipe-stderr" ]; then
  passed=$((passed + 1))
  echo "ok   predict into a closed pipe: exit $status, nothing on stderr"
else
  failed=$((failed + 1))
  echo "FAIL predict into a closed pipe: exit $status"
  sed 's/^/    stderr: /' "$work/pipe-stderr" | head -n 5
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
