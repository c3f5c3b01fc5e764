#!/usr/bin/env bash
# Safetensors interop with Python, both directions (run by .ci/run):
#   1. Python loads a checkpoint written by `gatekit train --save` (an MLP trained on the
#      bundled digits) and reproduces `gatekit predict`'s test-set outputs with NumPy.
#   2. GateKit loads files written by Python's `safetensors.numpy.save_file` (a softmax
#      regression trained in NumPy, and a tanh MLP stored in float64) and `gatekit
#      predict` / `gatekit evaluate` give NumPy's numbers.
# Usage: Tests/Interop/run.sh [path/to/gatekit]   (default: .build/release/gatekit)
# Creates a venv with `safetensors` and `numpy` in .build/venv-interop (seconds, once).
set -euo pipefail
cd "$(dirname "$0")/../.."
gatekit="${1:-.build/release/gatekit}"
work=.build/interop
venv=.build/venv-interop
mkdir -p "$work"
python="$venv/bin/python"
if [ ! -x "$python" ]; then
  if python3 -m venv "$venv" 2>/dev/null; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check safetensors numpy
  else
    # No venv module (Debian without python3-venv): install into a folder on PYTHONPATH.
    rm -rf "$venv"
    python3 -m pip install --quiet --disable-pip-version-check --target .build/pydeps-interop \
      safetensors numpy
    export PYTHONPATH="$PWD/.build/pydeps-interop"
    python=python3
  fi
fi
"$gatekit" train --epochs 10 --save "$work/digits.safetensors" >/dev/null 2>&1
"$python" Tests/Interop/interop.py "$gatekit" "$work"
