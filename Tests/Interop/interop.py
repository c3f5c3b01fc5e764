"""Safetensors interop between GateKit and Python (see run.sh)."""

import json
import subprocess
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file, save_file

GATEKIT, WORK = sys.argv[1], sys.argv[2]
DATA = "Sources/GateKitDatasets/Data"
TOLERANCE = 1e-5  # on |numpy − gatekit| / max(1, |numpy|), per output


def digits():
    """The bundled digits' fixed split, as GateKit makes it."""
    table = np.loadtxt(f"{DATA}/digits.csv", delimiter=",", skiprows=1)
    test = [int(line) for line in open(f"{DATA}/splits/digits_test_indices.txt") if line.strip()]
    train = sorted(set(range(len(table))) - set(test))
    x, y = table[:, :-1], table[:, -1].astype(int)
    return x[train], y[train], x[test], y[test]


def forward(tensors, metadata, x):
    """The perceptron in NumPy (float64): Dense → activation → … → Dense."""
    sizes = json.loads(metadata["layer_sizes"])
    act = {"relu": lambda v: np.maximum(v, 0), "tanh": np.tanh,
           "sigmoid": lambda v: 1 / (1 + np.exp(-v)),
           "leaky-relu": lambda v: np.where(v > 0, v, 0.01 * v)}[metadata["activation"]]
    if "standardizer.mean" in tensors:
        x = (x - tensors["standardizer.mean"]) / tensors["standardizer.standard_deviation"]
    h = x.astype(np.float64)
    layers = len(sizes) - 1
    for i in range(layers):
        w = tensors[f"layers.{2 * i}.weight"].astype(np.float64)
        b = tensors[f"layers.{2 * i}.bias"].astype(np.float64)
        assert w.shape == (sizes[i], sizes[i + 1]), (w.shape, sizes)
        h = h @ w + b
        if i < layers - 1:
            h = act(h)
    return h


def gatekit(*arguments):
    out = subprocess.run([GATEKIT, *arguments], check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def compare(name, expected, lines):
    actual = np.array([line["outputs"] for line in lines])
    assert actual.shape == expected.shape, (name, actual.shape, expected.shape)
    error = np.max(np.abs(actual - expected) / np.maximum(1, np.abs(expected)))
    same = np.array_equal(actual.argmax(1), expected.argmax(1))
    print(f"{name}: {len(lines)} examples, max error {error:.2e}, same classes: {same}")
    assert error <= TOLERANCE and same, name
    return expected.argmax(1)


x_train, y_train, x_test, y_test = digits()

# 1. GateKit → Python.
path = f"{WORK}/digits.safetensors"
tensors = load_file(path)
with safe_open(path, framework="np") as f:
    metadata = f.metadata()
predicted = compare("gatekit checkpoint in numpy", forward(tensors, metadata, x_test),
                    gatekit("predict", "--model", path, "--json"))
accuracy = float(np.mean(predicted == y_test))
print(f"  numpy test accuracy {accuracy:.4f}, gatekit's metadata says {metadata['test_accuracy']}")
assert abs(accuracy - float(metadata["test_accuracy"])) < 1e-6

# 2. Python → GateKit: a softmax regression trained in NumPy (float32) …
mean, deviation = x_train.mean(0), x_train.std(0)
deviation[deviation == 0] = 1
z = (x_train - mean) / deviation
rng = np.random.default_rng(0)
w, b = rng.normal(0, 0.01, (64, 10)), np.zeros(10)
onehot = np.eye(10)[y_train]
for _ in range(300):
    logits = z @ w + b
    p = np.exp(logits - logits.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    w -= 0.5 * z.T @ (p - onehot) / len(z)
    b -= 0.5 * (p - onehot).mean(0)
softmax = {"layers.0.weight": w.astype(np.float32), "layers.0.bias": b.astype(np.float32),
           "standardizer.mean": mean.astype(np.float32),
           "standardizer.standard_deviation": deviation.astype(np.float32)}
meta = {"layer_sizes": "[64, 10]", "activation": "relu", "loss": "cross-entropy",
        "dataset": "digits"}
path = f"{WORK}/numpy-softmax.safetensors"
save_file(softmax, path, metadata=meta)
predicted = compare("numpy softmax regression in gatekit", forward(softmax, meta, x_test),
                    gatekit("predict", "--model", path, "--json"))
accuracy = float(np.mean(predicted == y_test))
evaluation = gatekit("evaluate", "--model", path, "--json")[0]
print(f"  numpy test accuracy {accuracy:.4f}, gatekit evaluate {evaluation['test_accuracy']:.4f}")
assert abs(accuracy - evaluation["test_accuracy"]) < 1e-9 and accuracy > 0.9

# … and a tanh MLP stored in float64 (GateKit converts to Float).
mlp = {"layers.0.weight": rng.normal(0, 0.3, (64, 16)), "layers.0.bias": rng.normal(0, 0.1, 16),
       "layers.2.weight": rng.normal(0, 0.3, (16, 10)), "layers.2.bias": rng.normal(0, 0.1, 10)}
meta = {"layer_sizes": "[64, 16, 10]", "activation": "tanh", "dataset": "digits"}
path = f"{WORK}/numpy-mlp-f64.safetensors"
save_file(mlp, path, metadata=meta)
rounded = {name: value.astype(np.float32) for name, value in mlp.items()}
csv = f"{WORK}/digits-test-scaled.csv"  # raw features for --input: pixels / 16
np.savetxt(csv, x_test / 16, delimiter=",", header=",".join(f"f{i}" for i in range(64)),
           comments="")
compare("numpy float64 tanh MLP in gatekit", forward(rounded, meta, x_test / 16),
        gatekit("predict", "--model", path, "--json", "--input", csv))
print("interop: all checks passed")
