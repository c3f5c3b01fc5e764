#!/usr/bin/env python3
"""Regenerates the gzip fixtures used by GzipTests.swift.

Run from anywhere:  python3 Tests/GateKitCompressionTests/Fixtures/make_fixtures.py

Everything is deterministic: the payloads come from the seeded formulas below (which
GzipTests.swift re-implements byte for byte), every gzip header has MTIME 0, and the
compressed bytes come from the zlib that Python links against. A different zlib version
may produce different (equally valid) compressed bytes; the tests only compare the
decompressed output, so regenerated fixtures stay valid.
"""

import gzip
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

WORDS = [
    b"gate", b"tensor", b"gradient", b"forward", b"backward", b"the", b"a", b"of",
    b"layer", b"loss", b"weight", b"bias", b"input", b"output", b"chain", b"rule",
]


def lcg_bytes(seed, count):
    """`count` bytes from a 32-bit linear congruential generator (Numerical Recipes
    constants); each byte is the top 8 bits of the state after one step."""
    state = seed & 0xFFFFFFFF
    out = bytearray()
    for _ in range(count):
        state = (state * 1664525 + 1013904223) & 0xFFFFFFFF
        out.append(state >> 24)
    return bytes(out)


def text_like(seed, word_count):
    """Words picked by the LCG, separated by spaces, a newline after every 12th word."""
    picks = lcg_bytes(seed, word_count)
    out = bytearray()
    for index, pick in enumerate(picks):
        out += WORDS[pick % len(WORDS)]
        out += b"\n" if index % 12 == 11 else b" "
    return bytes(out)


def formula(count):
    """Bytes (i * 7 + i / 13) mod 251: slowly drifting, mildly compressible."""
    return bytes((i * 7 + i // 13) % 251 for i in range(count))


def sample():
    """The main payload (about 31 KB): text, noise, a formula and a repetitive run."""
    return (
        text_like(2024, 2500)
        + lcg_bytes(7, 4000)
        + formula(6000)
        + b"ab" * 2000
        + text_like(99, 500)
    )


def overlapping():
    """Long overlapping matches: distance 1, 3 and 5 runs, then 8- and 13-byte periods."""
    return (
        b"z" * 20000
        + b"xyz" * 5000
        + b"01234" * 3000
        + b"ABCDEFGH" * 1000
        + b"the gate." * 700
    )


def long_distance():
    """30000 noise bytes repeated once: matches at distance 30000 (near the 32 KiB
    window), whose 8-byte-chunk copies never overlap."""
    noise = lcg_bytes(31337, 30000)
    return noise + noise[:2000]


def gzip_member(deflate, payload, flags=0, extra=None, name=None, comment=None):
    """A gzip member written by hand (RFC 1952 section 2.3) around a raw deflate stream."""
    header = bytearray(b"\x1f\x8b\x08")
    header.append(flags)
    header += struct.pack("<I", 0)  # MTIME
    header += b"\x00\xff"  # XFL, OS = unknown
    if flags & 0x04:
        header += struct.pack("<H", len(extra)) + extra
    if flags & 0x08:
        header += name + b"\x00"
    if flags & 0x10:
        header += comment + b"\x00"
    if flags & 0x02:
        header += struct.pack("<H", zlib.crc32(bytes(header)) & 0xFFFF)
    trailer = struct.pack("<II", zlib.crc32(payload), len(payload) & 0xFFFFFFFF)
    return bytes(header) + deflate + trailer


def raw_deflate(payload, level=6, strategy=zlib.Z_DEFAULT_STRATEGY):
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15, 9, strategy)
    return compressor.compress(payload) + compressor.flush()


def with_flushes(payload, level):
    """A sync flush, a full flush and a sync flush between four pieces: several blocks per
    stream and an empty stored block (LEN 0) after each flush."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15, 9)
    quarter = len(payload) // 4
    out = b""
    for index, mode in enumerate([zlib.Z_SYNC_FLUSH, zlib.Z_FULL_FLUSH, zlib.Z_SYNC_FLUSH]):
        out += compressor.compress(payload[index * quarter:(index + 1) * quarter])
        out += compressor.flush(mode)
    out += compressor.compress(payload[3 * quarter:]) + compressor.flush()
    return out


def main():
    payload = sample()
    fixtures = {}
    for level in (0, 1, 6, 9):
        fixtures[f"level{level}.gz"] = gzip.compress(payload, compresslevel=level, mtime=0)
    fixtures["fixed.gz"] = gzip_member(raw_deflate(payload, 9, zlib.Z_FIXED), payload)
    fixtures["overlap.gz"] = gzip.compress(overlapping(), compresslevel=9, mtime=0)
    fixtures["longdistance.gz"] = gzip.compress(long_distance(), compresslevel=6, mtime=0)
    fixtures["empty.gz"] = gzip.compress(b"", mtime=0)
    fixtures["flushes.gz"] = gzip_member(with_flushes(payload, 6), payload)
    fixtures["storedblocks.gz"] = gzip_member(with_flushes(payload, 0), payload)
    # FTEXT | FHCRC | FEXTRA | FNAME | FCOMMENT, with a two-subfield FEXTRA.
    fixtures["headers.gz"] = gzip_member(
        raw_deflate(text_like(5, 300)),
        text_like(5, 300),
        flags=0x1F,
        extra=b"GK\x03\x00abcZZ\x00\x00",
        name=b"notes.txt",
        comment=b"written by make_fixtures.py",
    )
    first, second = text_like(11, 200), formula(3000)
    fixtures["concatenated.gz"] = (
        gzip.compress(first, compresslevel=6, mtime=0)
        + gzip.compress(second, compresslevel=1, mtime=0)
    )
    for name, data in sorted(fixtures.items()):
        assert len(data) < 50_000, name
        with open(os.path.join(HERE, name), "wb") as handle:
            handle.write(data)
        print(f"{name:20} {len(data):6} bytes, crc32 {zlib.crc32(data):08x}")
    print(f"sample payload {len(payload)} bytes, crc32 {zlib.crc32(payload):08x}")


if __name__ == "__main__":
    main()
