#!/usr/bin/env python3
"""Median ratios from a compare.sh run: GateKit ÷ the best of PyTorch and NumPy, per
configuration and thread count, computed per round (the implementations ran interleaved
within a round) and then the median over rounds; GEMM GFLOP/s ratios per shape likewise.

    python3 summarize.py OUT_DIR [--json]
"""
import json
import pathlib
import statistics
import sys

out = pathlib.Path(sys.argv[1])
rounds = sorted(p for p in out.glob("round-*") if p.is_dir())


def lines(path):
    return [json.loads(l) for l in path.read_text().splitlines() if l.startswith("{")] if path.exists() else []


# ratios[(config, threads)] -> list of (train ratio, infer ratio, gatekit train, best train, best impl, other load)
ratios, gemm = {}, {}
for r in rounds:
    models = lines(r / "models.jsonl")
    by = {}
    for m in models:
        by.setdefault((m["config"], m["threads"]), {})[m["impl"]] = m
    for key, impls in by.items():
        if "gatekit" not in impls:
            continue
        refs = {k: v for k, v in impls.items() if k != "gatekit"}
        if not refs:
            continue
        best = max(refs, key=lambda k: refs[k]["train_samples_per_s"])
        best_infer = max(v["infer_samples_per_s"] for v in refs.values())
        g = impls["gatekit"]
        loads = [v.get("other_load") for v in impls.values() if isinstance(v.get("other_load"), (int, float))]
        ratios.setdefault(key, []).append((
            g["train_samples_per_s"] / refs[best]["train_samples_per_s"],
            g["infer_samples_per_s"] / best_infer,
            g["train_samples_per_s"], refs[best]["train_samples_per_s"], best,
            max(loads) if loads else None))
    shapes = {}
    for m in lines(r / "gemm.jsonl"):
        if m["threads"] == 1:
            shapes.setdefault(m["shape"], {})[m["lib"]] = m["gflops"]
    for shape, libs in shapes.items():
        if "gatekit" in libs and "numpy" in libs:
            gemm.setdefault(shape, []).append((libs["gatekit"] / libs["numpy"], libs["gatekit"], libs["numpy"]))

order = ["logreg", "digits", "mnist-small", "mnist-mlp", "wide"]
rows = []
print(f"rounds: {len(rounds)}\n")
print("| config | threads | GateKit train samples/s | best reference | train ratio | infer ratio | max other load |")
print("|---|---|---|---|---|---|---|")
for (config, threads) in sorted(ratios, key=lambda k: (order.index(k[0]) if k[0] in order else 99, k[1])):
    v = ratios[(config, threads)]
    train = statistics.median(x[0] for x in v)
    infer = statistics.median(x[1] for x in v)
    g = statistics.median(x[2] for x in v)
    best = statistics.median(x[3] for x in v)
    impl = max(set(x[4] for x in v), key=[x[4] for x in v].count)
    load = max((x[5] for x in v if x[5] is not None), default=None)
    rows.append({"config": config, "threads": threads, "train_ratio": round(train, 3), "infer_ratio": round(infer, 3),
                 "gatekit_train": round(g), "reference_train": round(best), "reference": impl, "max_other_load": load})
    print(f"| {config} | {threads} | {g:,.0f} | {best:,.0f} ({impl}) | {train:.2f}× | {infer:.2f}× | {load} |")

if gemm:
    print("\n| GEMM shape (1 thread) | GateKit GFLOP/s | NumPy GFLOP/s | ratio |")
    print("|---|---|---|---|")
    for shape, v in gemm.items():
        print(f"| {shape} | {statistics.median(x[1] for x in v):.1f} | {statistics.median(x[2] for x in v):.1f} | "
              f"{statistics.median(x[0] for x in v):.2f}× |")

rss = lines(out / "rss.jsonl")
if rss:
    print("\n| peak RSS, wide training | MB |")
    print("|---|---|")
    for m in rss:
        print(f"| {m['impl']} | {m['max_rss_mb']} |")

if "--json" in sys.argv:
    print(json.dumps({"models": rows}))
