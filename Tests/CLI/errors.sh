#!/usr/bin/env bash
# Runs bad `gatekit` invocations and checks how each is reported: exit status 2, exactly one
# line on stderr that starts with `gatekit: error:` and contains the expected text, and
# nothing that looks like a crash or a stack trace. Docs/Errors.md lists the same cases.
#
# usage: Tests/CLI/errors.sh PATH/TO/gatekit
set -u

# shellcheck source=Tests/CLI/common.sh
. "$(dirname "$0")/common.sh"
gatekit_argument "$@"
work=$(mktemp -d "${TMPDIR:-/tmp}/gatekit-cli-errors.XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

# expect_error EXPECTED_TEXT ARGUMENT...: runs gatekit with the arguments (from an empty
# working directory) and checks the report.
expect_error() {
  local expected=$1
  shift
  local status=0
  (cd "$work" && timeout 300 "$gatekit" "$@") >"$work/stdout" 2>"$work/stderr" || status=$?
  local lines problem=""
  lines=$(wc -l <"$work/stderr")
  if [ "$status" -ne 2 ]; then
    problem="exit status $status, expected 2"
  elif [ "$lines" -ne 1 ]; then
    problem="$lines lines on stderr, expected 1"
  elif ! head -n 1 "$work/stderr" | grep -q '^gatekit: error: '; then
    problem="stderr does not start with 'gatekit: error: '"
  elif ! grep -qF -- "$expected" "$work/stderr"; then
    problem="stderr does not contain '$expected'"
  elif looks_like_crash "$work/stderr"; then
    problem="stderr looks like a crash report"
  fi
  if [ -n "$problem" ]; then
    failed=$((failed + 1))
    echo "FAIL gatekit $*: $problem"
    sed 's/^/    stderr: /' "$work/stderr" | head -n 20
  else
    passed=$((passed + 1))
    echo "ok   gatekit $*: $(cat "$work/stderr")"
  fi
}

# Files the cases read.
printf 'just some text, not a model\n' >"$work/text.safetensors"
printf 'a,b\n1,2\n' >"$work/two-columns.csv"
printf 'a,b,c,d\n1,2,x,4\n' >"$work/not-a-number.csv"
printf 'a,b,c,d\n1,2,3\n' >"$work/ragged.csv"
printf 'a,b,c,d\n' >"$work/header-only.csv"
printf 'a,b,c,d\n1,2,3,nan\n' >"$work/nan.csv"
printf 'a,b,c,d\n1,2,3,4\n\n5,6,7,8\n' >"$work/blank-line.csv"
printf '1,2,3,4\n5,6,7,8\n' >"$work/no-header.csv"
mkdir -p "$work/no-idx"
# A model file whose metadata claims a huge network but holds no tensors: it must be
# rejected before anything of that size is allocated.
header='{"__metadata__":{"layer_sizes":"[100000, 100000]","activation":"relu","dataset":"iris"}}'
length=${#header}
printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x\\x00\\x00\\x00\\x00' \
  $((length & 255)) $(((length >> 8) & 255)) $(((length >> 16) & 255)) $(((length >> 24) & 255)))" \
  >"$work/claims-huge.safetensors"
printf '%s' "$header" >>"$work/claims-huge.safetensors"

# A real model, to feed it bad input.
if ! (cd "$work" && "$gatekit" train --dataset iris --epochs 1 --save "$work/iris.safetensors") \
  >/dev/null 2>"$work/train-stderr"; then
  echo "FAIL could not train the iris model for the predict cases:"
  cat "$work/train-stderr"
  exit 1
fi

# Commands and arguments.
expect_error "unknown command 'frobnicate'" frobnicate
expect_error "unknown argument '--bogus'" train --bogus
expect_error "unknown argument 'extra'" evaluate --model "$work/iris.safetensors" extra
expect_error "unknown argument '--bogus'" bench --bogus
expect_error "unknown argument '--bogus'" gradcheck --bogus
expect_error "unknown argument '--bogus'" examples --bogus
expect_error "option --epochs needs a value" train --epochs
expect_error "option --model needs a value" predict --model --json
expect_error "option --epochs is given more than once" train --epochs 2 --epochs 3
expect_error "gatekit evaluate needs --model PATH" evaluate
expect_error "gatekit predict needs --model PATH" predict

# Values.
expect_error "option --epochs: 'abc' is not a valid" train --epochs abc
expect_error "option --batch-size: '1.5' is not a valid" train --batch-size 1.5
expect_error "option --learning-rate: 'fast' is not a valid" train --learning-rate fast
expect_error "option --seed: '-1' is not a valid" train --seed -1
expect_error "option --hidden: '4,x' is not a valid" train --hidden 4,x
expect_error "option --hidden: '0' is not a valid" train --hidden 0
expect_error "option --epochs: '0' is not a valid integer from 1 to" train --dataset iris --epochs 0
expect_error "option --epochs: '-3' is not a valid integer from 1 to" train --dataset iris --epochs -3
expect_error "option --batch-size: '0' is not a valid integer from 1 to" \
  train --dataset iris --epochs 1 --batch-size 0
expect_error "option --batch-size: '-2' is not a valid integer from 1 to" \
  train --dataset iris --epochs 1 --batch-size -2
expect_error "unknown dataset 'nope'" train --dataset nope
expect_error "option --repeats: '0' is not a valid integer from 1 to" bench gradcheck --repeats 0
expect_error "option --repeats: 'inf' is not a valid integer from 1 to" bench gradcheck --repeats inf
expect_error "option --repeats: '101' is not a valid integer from 1 to 100" \
  bench gradcheck --repeats 101
expect_error "option --models: 'gelu' is not a valid list of tanh, relu" bench gradcheck --models gelu
expect_error "option --modes: 'full,' is not a valid list of full, fast" bench gradcheck --modes full,
expect_error "unknown dataset 'nope'" evaluate --model "$work/iris.safetensors" --dataset nope
expect_error "--dataset mnist needs --data-dir" train --dataset mnist
expect_error "option --activation: 'swish' is not a valid activation" train --activation swish
expect_error "option --optimizer: 'lbfgs' is not a valid optimizer" train --optimizer lbfgs
expect_error "loss 'hinge' does not fit digits" train --loss hinge
expect_error "loss 'bce' does not fit iris (3 classes)" train --dataset iris --loss bce
expect_error "option --schedule: 'weird' is not a valid schedule" train --schedule weird
expect_error "'-1' is not a valid learning rate (a finite number > 0)" train --dataset iris --epochs 1 --learning-rate -1
expect_error "'1' is not a valid momentum (from 0 up to 1)" \
  train --dataset iris --epochs 1 --momentum 1
expect_error "'-1' is not a valid weight decay (a finite number ≥ 0)" train --dataset iris --epochs 1 --weight-decay -1
expect_error "option --patience: '0' is not a valid integer from 1 to" train --dataset iris --epochs 1 --patience 0
expect_error "option --clip-norm: '-1' is not a valid norm (a finite number > 0)" \
  train --dataset iris --epochs 1 --clip-norm -1

# Files.
expect_error "option --plot: /nonexistent/dir/plot.svg, file: cannot be written: directory /nonexistent/dir: No such file or directory (errno 2)" \
  train --dataset iris --epochs 1 --plot /nonexistent/dir/plot.svg
expect_error "/nonexistent/dir/model.safetensors" \
  train --dataset iris --epochs 1 --save /nonexistent/dir/model.safetensors
expect_error "train-images-idx3-ubyte, file: not found" \
  train --data-dir "$work/no-idx" --epochs 1
expect_error "train-images-idx3-ubyte, file: not found" \
  evaluate --model "$work/iris.safetensors" --data-dir "$work/no-idx"
expect_error "missing.safetensors, file: cannot be read" \
  predict --model "$work/missing.safetensors"
expect_error "missing.safetensors, file: cannot be read" \
  evaluate --model "$work/missing.safetensors"
expect_error "text.safetensors, byte 0:" predict --model "$work/text.safetensors"
expect_error "text.safetensors, byte 0:" evaluate --model "$work/text.safetensors"
expect_error "claims-huge.safetensors, tensors: 'layers.0.weight' is missing (layer_sizes [100000, 100000] needs a [100000, 100000] weight)" \
  predict --model "$work/claims-huge.safetensors"
# A model whose bias tensor has another name: the file is named, and what is missing.
python3 - "$work" <<'PY'
import json, struct, sys
work = sys.argv[1]
data = open(f"{work}/iris.safetensors", "rb").read()
n = struct.unpack("<Q", data[:8])[0]
header = json.loads(data[8:8 + n])
header["layers.0.renamed"] = header.pop("layers.0.bias")
text = json.dumps(header).encode()
open(f"{work}/renamed.safetensors", "wb").write(struct.pack("<Q", len(text)) + text + data[8 + n:])
PY
expect_error "renamed.safetensors, tensor 'layers.0.bias': missing (the model has this parameter, of shape [32])" \
  predict --model "$work/renamed.safetensors"

# Inputs to a saved model.
expect_error "two-columns.csv has 2 columns; the model takes rows of 4 features" \
  predict --model "$work/iris.safetensors" --input "$work/two-columns.csv"
expect_error "not-a-number.csv, line 2, column 3 (c): 'x' is not a number" \
  predict --model "$work/iris.safetensors" --input "$work/not-a-number.csv"
expect_error "ragged.csv, line 2:" \
  predict --model "$work/iris.safetensors" --input "$work/ragged.csv"
expect_error "missing.csv, file: cannot be read" \
  predict --model "$work/iris.safetensors" --input "$work/missing.csv"
expect_error "header-only.csv, file: has no rows" \
  predict --model "$work/iris.safetensors" --input "$work/header-only.csv"
expect_error "nan.csv, line 2, column 4 (d): 'nan' is not a finite number" \
  predict --model "$work/iris.safetensors" --input "$work/nan.csv"
expect_error "blank-line.csv, line 3: the line is empty (empty lines are allowed only at the end)" \
  predict --model "$work/iris.safetensors" --input "$work/blank-line.csv"
expect_error "no-header.csv, line 1: the first line holds numbers, not column names" \
  predict --model "$work/iris.safetensors" --input "$work/no-header.csv"
expect_error "digits has features of shape [360, 64]; the model takes rows of 4 features" \
  evaluate --model "$work/iris.safetensors" --dataset digits

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
