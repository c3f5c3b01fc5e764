#!/usr/bin/env python3
"""Writes the seed corpus of GateKit's fuzz targets into Fuzz/Corpus (stdlib only).

Each target gets a handful of small valid and edge-case inputs: Corpus/csv,
Corpus/idx (raw and gzip), Corpus/inflate (raw DEFLATE streams) and
Corpus/safetensors. The output is deterministic (gzip mtime 0), so re-running the script
reproduces the committed files byte for byte.
"""

import gzip
import json
import os
import struct
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Corpus")


def write(target, name, data):
    folder = os.path.join(ROOT, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def gz(data, level=9):
    return gzip.compress(data, compresslevel=level, mtime=0)


def deflate(data, level=9, strategy=zlib.Z_DEFAULT_STRATEGY):
    c = zlib.compressobj(level, zlib.DEFLATED, -15, 9, strategy)
    return c.compress(data) + c.flush()


# CSV: header + numeric rows, CRLF, quotes, empty fields, exponents, ragged rows.
csv = {
    "basic.csv": "x,y,label\n0.5,-1.25,0\n1e3,2E-2,1\n",
    "crlf.csv": "a,b\r\n1,2\r\n3,4\r\n",
    "no-trailing-newline.csv": "a\n1\n2",
    "header-only.csv": "a,b,c\n",
    "blank-lines.csv": "a,b\n\n1,2\n\n\n",
    "empty-field.csv": "a,b\n1,\n",
    "quoted.csv": 'a,"b,c"\n"1",2\n',
    "spaces.csv": "a , b\n 1 , 2 \n",
    "special-numbers.csv": "a,b,c\nnan,inf,-0\n0x1p3,+5,.5\n",
    "ragged.csv": "a,b\n1,2,3\n",
    "unicode.csv": "\u00e9,\u6f22\n1,2\n",
    "cr-only.csv": "a,b\r1,2\r",
    "bom.csv": "\ufeffa,b\n1,2\n",
}
for name, text in csv.items():
    write("csv", name, text)


# IDX: magic 00 00 TYPE RANK, big-endian UInt32 dimensions, row-major values.
def idx(type_byte, dims, payload):
    return bytes([0, 0, type_byte, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + payload


labels = idx(0x08, [5], bytes([0, 1, 2, 9, 255]))
images = idx(0x08, [2, 3, 4], bytes(range(24)))
idx_files = {
    "u8-rank1": labels,
    "u8-rank3": images,
    "u8-empty": idx(0x08, [0], b""),
    "u8-rank8": idx(0x08, [1] * 8, b"\x07"),
    "u8-truncated": idx(0x08, [4], b"\x01\x02"),
    "u8-trailing": idx(0x08, [1], b"\x01\x02"),
    # The other IDX types (unsupported by GateKit, so errors): i8, i16, i32, f32, f64.
    "i8": idx(0x09, [2], b"\x80\x7f"),
    "i16": idx(0x0B, [2], struct.pack(">hh", -1, 2)),
    "i32": idx(0x0C, [2], struct.pack(">ii", -1, 2)),
    "f32": idx(0x0D, [2], struct.pack(">ff", 0.5, -1)),
    "f64": idx(0x0E, [1], struct.pack(">d", 3.25)),
    "huge-dims": idx(0x08, [0xFFFFFFFF, 0xFFFFFFFF], b""),
}
for name, data in idx_files.items():
    write("idx", name, data)
write("idx", "u8-rank1.gz", gz(labels))
write("idx", "u8-rank3.gz", gz(images))
write("idx", "u8-rank3-stored.gz", gz(images, level=0))
write("idx", "u8-empty.gz", gz(idx_files["u8-empty"]))
write("idx", "f32.gz", gz(idx_files["f32"]))
write("idx", "two-members.gz", gz(images[:10]) + gz(images[10:]))
write("idx", "padded.gz", gz(labels) + b"\0\0\0\0")
# A gzip header with every optional field: FEXTRA, FNAME, FCOMMENT, FHCRC.
header = b"\x1f\x8b\x08\x1e" + b"\0\0\0\0\x02\xff" + b"\x02\x00ab" + b"name\0" + b"comment\0"
header += struct.pack("<H", zlib.crc32(header) & 0xFFFF)
body = deflate(labels) + struct.pack("<II", zlib.crc32(labels), len(labels))
write("idx", "all-header-fields.gz", header + body)

# Inflate: raw DEFLATE streams (the target adds the gzip header); each followed by the
# trailer so that a valid stream decodes cleanly.
text = b"the quick brown fox jumps over the lazy dog. " * 8 + bytes(range(256))
streams = {
    "fixed": deflate(b"abcabcabcabcabcabc", strategy=zlib.Z_FIXED),
    "dynamic": deflate(text),
    "stored": deflate(text[:300], level=0),
    "rle": deflate(b"\0" * 2000, strategy=zlib.Z_RLE),
    "empty": deflate(b""),
    "long-distance": deflate(bytes(range(256)) * 4 + b"x" * 100 + bytes(range(256))),
}
payloads = {
    "fixed": b"abcabcabcabcabcabc",
    "dynamic": text,
    "stored": text[:300],
    "rle": b"\0" * 2000,
    "empty": b"",
    "long-distance": bytes(range(256)) * 4 + b"x" * 100 + bytes(range(256)),
}
for name, stream in streams.items():
    p = payloads[name]
    write("inflate", name, stream + struct.pack("<II", zlib.crc32(p), len(p)))
# Flushes split the stream into several blocks (a sync flush ends with an empty stored block).
c = zlib.compressobj(6, zlib.DEFLATED, -15)
multi = c.compress(text[:100]) + c.flush(zlib.Z_SYNC_FLUSH) + c.compress(text[100:]) + c.flush()
write("inflate", "flushes", multi + struct.pack("<II", zlib.crc32(text), len(text)))


# safetensors: u64 little-endian header length, JSON header, payload.
def safetensors(header, payload, pad=True):
    data = json.dumps(header, separators=(",", ":")).encode()
    if pad:
        data += b" " * (-len(data) % 8)
    return struct.pack("<Q", len(data)) + data + payload


f32 = struct.pack("<4f", 1, -2, 0.5, 3)
f64 = struct.pack("<2d", 1.5, -0.25)
st = {
    "f32.safetensors": safetensors(
        {"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}, f32),
    "f64-metadata.safetensors": safetensors(
        {"__metadata__": {"format": "pt", "epoch": "3"},
         "b": {"dtype": "F64", "shape": [2], "data_offsets": [0, 16]}}, f64),
    "two-tensors.safetensors": safetensors(
        {"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]},
         "b": {"dtype": "F64", "shape": [1, 2], "data_offsets": [16, 32]}}, f32 + f64),
    "empty-tensor.safetensors": safetensors(
        {"e": {"dtype": "F32", "shape": [0, 3], "data_offsets": [0, 0]},
         "s": {"dtype": "F32", "shape": [], "data_offsets": [0, 4]}}, f32[:4]),
    "empty-header.safetensors": safetensors({}, b""),
    "unpadded.safetensors": safetensors(
        {"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}, f32[:4], pad=False),
    "overlap.safetensors": safetensors(
        {"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
         "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}, f32[:12]),
    "gap.safetensors": safetensors(
        {"a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}, f32[:8]),
    "bad-dtype.safetensors": safetensors(
        {"a": {"dtype": "BF16", "shape": [2], "data_offsets": [0, 4]}}, f32[:4]),
    "float-shape.safetensors": safetensors(
        {"a": {"dtype": "F32", "shape": [1.0, 2.5], "data_offsets": [0, 8]}}, f32[:8]),
    "unicode-name.safetensors": safetensors(
        {"\u00e9\u6f22": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}, f32[:4]),
    "header-too-long.safetensors": struct.pack("<Q", 1 << 40) + b"{}",
}
for name, data in st.items():
    write("safetensors", name, data)
