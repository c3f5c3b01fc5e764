#!/usr/bin/env bash
# Faults as an operator meets them: output that cannot be written (stdout or stderr closed,
# a full device), a broken pipe, a full disk under a save, files replaced with their
# permissions, symbolic links, absurd resource options, corrupt model files. Each case
# checks the exit status and the one line on stderr (Docs/Errors.md lists them).
#
# usage: Tests/CLI/faults.sh PATH/TO/gatekit
set -u

# shellcheck source=Tests/CLI/common.sh
. "$(dirname "$0")/common.sh"
gatekit_argument "$@"
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
  elif looks_like_crash "$work/.stderr"; then
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

# holds NAME COMMAND...: counts a check that COMMAND succeeds.
holds() {
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1)) && echo "ok   $name"
  else
    failed=$((failed + 1)) && echo "FAIL $name"
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
  'bench predict --megabytes 1'
  'help'
)
for command in "${commands[@]}"; do
  expect "$command >&-" 2 "cannot write to standard output: Bad file descriptor (errno 9)" \
    "\$g $command >&-"
  expect "$command >/dev/full" 2 "cannot write to standard output: No space left on device (errno 28)" \
    "\$g $command >/dev/full"
  expect "$command >/dev/full 2>&-" 2 "" "\$g $command >/dev/full 2>&-"
done
# With standard output closed, the file a save opens must not become standard output (and
# take the progress lines): the command fails at its first line and the old file stays.
cp "$work/iris.safetensors" "$work/kept.safetensors"
expect "train --save with standard output closed" 2 "cannot write to standard output" \
  '$g train --dataset iris --epochs 1 --save kept.safetensors >&-'
holds "the checkpoint is untouched when standard output is closed" cmp -s \
  "$work/iris.safetensors" "$work/kept.safetensors"
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

# --- Absurd resources: refused in one line before anything large is allocated ----------
expect "train --hidden 1000000,1000000" 2 "needs about 16 TB of memory" \
  '$g train --hidden 1000000,1000000'
expect "train --hidden 20000,20000 under ulimit -v 4 GB" 2 "needs about 6.6 GB of memory" \
  'ulimit -v 4000000 && $g train --hidden 20000,20000'
expect "train --epochs beyond the limit" 2 "is not a valid integer from 1 to 1000000" \
  '$g train --epochs 9223372036854775807'
expect "bench --steps-scale inf" 2 "is not a valid steps scale" '$g bench --steps-scale inf'
expect "bench --steps-scale 1e300" 2 "is not a valid steps scale" '$g bench --steps-scale 1e300'
expect "bench --warmup Int.max" 2 "is not a valid integer from 0 to 100000" \
  '$g bench --warmup 9223372036854775807'
expect "bench activations --count 1e10" 2 "is not a valid integer from 1 to" \
  '$g bench activations --count 10000000000'
expect "bench gemm --min-time inf" 2 "is not a valid time in seconds" '$g bench gemm --min-time inf'
expect "bench activations --min-time inf" 2 "is not a valid time in seconds" \
  '$g bench activations --min-time inf'
# A batch larger than the training set is one batch of all of it, at the memory of one batch.
expect "train --batch-size 1000000 under ulimit -v 2 GB" 0 "" \
  'ulimit -v 2000000 && $g train --batch-size 1000000 --epochs 2'

# predict streams its input: a 50 MB table costs no more memory than a small one.
"$gatekit" bench predict --megabytes 50 --json >"$work/stream.json" 2>"$work/stream-stderr"
holds "predict streams a 50 MB CSV in under 64 MB of resident memory ($(cat "$work/stream.json"))" \
  python3 -c 'import json, sys; line = json.load(open(sys.argv[1])); sys.exit(not line["peak_rss_mb"] < 64)' \
  "$work/stream.json"

# --- Files replaced as an operator expects -----------------------------------------------
cp "$work/iris.safetensors" "$work/private.safetensors"
chmod 600 "$work/private.safetensors"
expect "save over a 0600 checkpoint" 0 "" \
  '$g train --dataset iris --epochs 1 --save private.safetensors'
mode=$(stat -c %a "$work/private.safetensors")
holds "the replaced checkpoint keeps mode 600" [ "$mode" = 600 ]
cp "$work/iris.safetensors" "$work/readonly.safetensors"
chmod 444 "$work/readonly.safetensors"
expect "save over a read-only checkpoint" 2 "is read-only (mode 0444); not replaced" \
  '$g train --dataset iris --epochs 1 --save readonly.safetensors'
mkdir "$work/models"
ln -s models/target.safetensors "$work/link.safetensors"
expect "save through a symbolic link" 0 "" \
  '$g train --dataset iris --epochs 1 --save link.safetensors'
holds "the link stays a link and its target holds the model" \
  test -L "$work/link.safetensors" -a -s "$work/models/target.safetensors"
expect "save to an empty path" 2 "is not a valid path (it is empty)" \
  '$g train --dataset iris --epochs 1 --save ""'
expect "plot to an empty path" 2 "is not a valid path (it is empty)" \
  '$g train --dataset iris --epochs 1 --plot ""'
expect "save to a directory" 2 "is a directory; not replaced" \
  '$g train --dataset iris --epochs 1 --save models'

# A disk that fills under a save: a 64 KiB tmpfs (needs root and mount; skipped otherwise).
mkdir "$work/small"
if mount -t tmpfs -o size=64k tmpfs "$work/small" 2>/dev/null; then
  mounted="$work/small"
  cp "$work/iris.safetensors" "$work/small/model.safetensors"
  head -c 40000 /dev/zero >"$work/small/filler"
  expect "save onto a full disk" 2 "No space left on device (errno 28)" \
    '$g train --epochs 1 --save small/model.safetensors'
  holds "the previous checkpoint is intact after the failed save" \
    cmp -s "$work/iris.safetensors" "$work/small/model.safetensors"
  expect "predict into a full disk" 2 "No space left on device (errno 28)" \
    '$g train --dataset digits --epochs 1 --hidden 8 --save digits.safetensors >/dev/null &&
      head -c 60000 /dev/zero >small/filler2; $g predict --model digits.safetensors >small/out.csv'
else
  skip "disk-full save and predict" "mounting a tmpfs is not permitted here (not root?)"
fi

# --- Model files and rows that must not get through --------------------------------------
python3 - "$work" <<'PY'
import json, struct, sys
work = sys.argv[1]
data = open(f"{work}/iris.safetensors", "rb").read()
n = struct.unpack("<Q", data[:8])[0]
header, payload = json.loads(data[8:8 + n]), bytearray(data[8 + n:])
def write(name, header, payload):
    text = json.dumps(header).encode()
    open(f"{work}/{name}", "wb").write(struct.pack("<Q", len(text)) + text + payload)
begin = header["layers.0.weight"]["data_offsets"][0]
nan = bytearray(payload)
nan[begin:begin + 4] = struct.pack("<f", float("nan"))
write("nan.safetensors", header, nan)
bce = json.loads(json.dumps(header))
bce["__metadata__"]["loss"] = "bce"
write("bce.safetensors", bce, payload)
open(f"{work}/huge.csv", "w").write("a,b,c,d\n3e38,3e38,3e38,3e38\n")
open(f"{work}/beyond-float.csv", "w").write("a,b,c,d\n1,2,3,4\n5,1e39,1,1\n")
PY
expect "predict with a NaN weight" 2 "non-finite value at tensor 'layers.0.weight'" \
  '$g predict --model nan.safetensors'
expect "evaluate with a NaN weight" 2 "non-finite value at tensor 'layers.0.weight'" \
  '$g evaluate --model nan.safetensors'
expect "predict with a bce model of 3 outputs" 2 "'bce' does not fit a classification model with 3 outputs" \
  '$g predict --model bce.safetensors'
expect "predict rows too large for the model" 2 "non-finite value at output" \
  '$g predict --model iris.safetensors --input huge.csv'
expect "predict a value beyond Float" 2 \
  "beyond-float.csv, line 3, column 2 (b): 1e+39 is beyond the range of Float" \
  '$g predict --model iris.safetensors --input beyond-float.csv'
mkfifo "$work/rows.fifo"
expect "predict from a named pipe (refused, not waited on)" 2 \
  "cannot be read: it is a named pipe (FIFO), not a regular file" \
  'timeout 20 $g predict --model iris.safetensors --input rows.fifo'
expect "predict from a directory" 2 "cannot be read: it is a directory, not a regular file" \
  '$g predict --model iris.safetensors --input models'

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
