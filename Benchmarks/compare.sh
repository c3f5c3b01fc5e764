#!/usr/bin/env bash
# GateKit against PyTorch and NumPy, side by side: the reference scripts of the shared
# benchmarks and `gatekit bench` run interleaved, several rounds, on the same machine.
# Only ratios from one run count (the machines are shared and noisy).
#
#   bash Benchmarks/compare.sh                 # 3 rounds, 1 and 2 threads, all configurations
#   ROUNDS=5 THREADS="2" CONFIGS=wide bash Benchmarks/compare.sh
#
# Environment: ROUNDS (3), THREADS ("1 2"), CONFIGS (all), GEMM (1: also compare GEMM),
# RSS (1: also compare the peak memory of a `wide` training run),
# REFERENCE (the reference scripts, default ../shared/bench beside the repository),
# VENV (the Python venv, default .venv-bench in the repository; created if missing),
# OUT (where results go, default .build/compare).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
reference=${REFERENCE:-$root/../shared/bench}
venv=${VENV:-$root/.venv-bench}
out=${OUT:-$root/.build/compare}
rounds=${ROUNDS:-3}
threads=${THREADS:-"1 2"}
configs=${CONFIGS:-logreg,digits,mnist-small,mnist-mlp,wide}

[ -f "$reference/reference.py" ] || { echo "no reference scripts at $reference (set REFERENCE)"; exit 1; }
[ -x "$venv/bin/python" ] || bash "$reference/setup_venv.sh" "$venv"
python="$venv/bin/python"
(cd "$root" && swift build -c release --product gatekit >&2)
gatekit="$root/.build/release/gatekit"
rm -rf "$out" && mkdir -p "$out"

for round in $(seq 1 "$rounds"); do
  dir="$out/round-$round" && mkdir -p "$dir"
  for t in $threads; do
    echo "round $round/$rounds, $t thread(s)" >&2
    "$gatekit" bench --json --threads "$t" --configs "$configs" >> "$dir/models.jsonl"
    "$python" "$reference/reference.py" --impl torch --threads "$t" --configs "$configs" >> "$dir/models.jsonl"
    "$python" "$reference/reference.py" --impl numpy --threads "$t" --configs "$configs" >> "$dir/models.jsonl"
  done
  if [ "${GEMM:-1}" = 1 ]; then
    echo "round $round/$rounds, GEMM" >&2
    "$gatekit" bench gemm --json --threads 1 >> "$dir/gemm.jsonl"
    "$python" "$reference/gemm_reference.py" --lib numpy --threads 1 >> "$dir/gemm.jsonl"
  fi
done

if [ "${RSS:-1}" = 1 ]; then
  echo "peak memory of a wide training run" >&2
  python3 "$root/Benchmarks/max_rss.py" gatekit "$gatekit" bench --json --configs wide --threads 1 --repeats 1 >> "$out/rss.jsonl"
  python3 "$root/Benchmarks/max_rss.py" torch "$python" "$reference/reference.py" --impl torch --configs wide --threads 1 --repeats 1 >> "$out/rss.jsonl"
fi

python3 "$root/Benchmarks/summarize.py" "$out"
