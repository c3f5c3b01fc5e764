#!/usr/bin/env python3
"""Regenerates the IDX fixtures used by IDXArrayTests.swift and MNISTLoaderTests.swift.

Run from anywhere:  python3 Tests/GateKitDataTests/Fixtures/make_idx_fixtures.py

The fixtures are a tiny MNIST-style test set: 3 images of 28x28 pixels and their 3 labels.
Pixel (i, r, c) of image i, row r, column c is (i * 31 + r * 7 + c * 3) % 256, and the
labels are 7, 2, 1; the Swift tests re-create both from the same formula. Files written:

  idx-images-3x28x28       the images, raw IDX (type 0x08, 3 dimensions)
  idx-images-3x28x28.gz    the same bytes, gzip-compressed
  idx-labels-3.gz          the labels, gzip-compressed IDX (1 dimension)

Everything is deterministic: the gzip headers have MTIME 0 and no file name. A different
zlib may compress to different (equally valid) bytes; the tests only compare the
decompressed contents, so regenerated fixtures stay valid.
"""

import gzip
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

COUNT, ROWS, COLUMNS = 3, 28, 28
LABELS = [7, 2, 1]


def idx(shape, payload):
    """An IDX array of unsigned bytes: two zero bytes, type 0x08, the rank, each
    dimension as a big-endian uint32, then the payload."""
    header = bytes([0, 0, 0x08, len(shape)]) + b"".join(struct.pack(">I", d) for d in shape)
    return header + bytes(payload)


def pixels():
    return [
        (i * 31 + r * 7 + c * 3) % 256
        for i in range(COUNT)
        for r in range(ROWS)
        for c in range(COLUMNS)
    ]


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def main():
    images = idx([COUNT, ROWS, COLUMNS], pixels())
    labels = idx([COUNT], LABELS)
    write("idx-images-3x28x28", images)
    write("idx-images-3x28x28.gz", gzip.compress(images, compresslevel=9, mtime=0))
    write("idx-labels-3.gz", gzip.compress(labels, compresslevel=9, mtime=0))


if __name__ == "__main__":
    main()
