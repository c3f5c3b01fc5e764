#!/usr/bin/env python3
"""Rewrites the library catalog tables of Docs/Errors.md from what the tests print.

Usage: GATEKIT_ERROR_CATALOG=1 swift test --filter ErrorCatalog | grep '^CATALOG|' \\
         | python3 Docs/update-errors.py

Each `### GateKitModule` section's table is replaced by the rows printed for that module:
rows keep their place, a new row goes after the other rows of its entry point, rows the
catalog tests no longer print are dropped, and rows that other tests assert (their test
column names no `ErrorCatalogTests`) are kept as written. Other sections are left alone.
"""

import os
import re
import sys

PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Errors.md")


UUID = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")


def cell(text):
    return text.replace("|", "\\|")


def main():
    rows = {}
    for line in sys.stdin:
        if not line.startswith("CATALOG|"):
            continue
        _, module, entry, bad, case, rest = line.rstrip("\n").split("|", 5)
        message, test = rest.rsplit("|", 1)
        rows.setdefault(module, []).append((entry, bad, case, message, test))
    if not rows:
        sys.exit("update-errors: no CATALOG| lines on stdin")
    lines = open(PATH, encoding="utf-8").read().split("\n")
    out, i, seen = [], 0, set()
    while i < len(lines):
        line = lines[i]
        out.append(line)
        heading = re.fullmatch(r"### (GateKit\w+)", line)
        i += 1
        if not heading or heading.group(1) not in rows:
            continue
        module = heading.group(1)
        seen.add(module)
        while i < len(lines) and not lines[i].startswith("| entry point"):
            out.append(lines[i])
            i += 1
        out += [lines[i], lines[i + 1]]  # the header and the rule
        i += 2
        old, verbatim = [], {}  # (entry, bad input) of the rows there, in order; their lines
        while i < len(lines) and lines[i].startswith("|"):
            parts = re.match(r"\| `(.*?)` \| (.*?) \| `", lines[i])
            if parts:
                key = (parts.group(1).replace("\\|", "|"), parts.group(2).replace("\\|", "|"))
                old.append(key)
                verbatim[key] = lines[i]
            i += 1
        # Rows keep their place; a new row goes after the last row of its entry point.
        order = list(old)
        for row in rows[module]:
            key = row[:2]
            if key in order:
                continue
            same = [k for k, existing in enumerate(order) if existing[0] == key[0]]
            order.insert(same[-1] + 1 if same else len(order), key)
        printed = {row[:2]: row for row in rows[module]}
        for key in order:
            if key in printed:
                entry, bad, case, message, test = printed[key]
                line = f"| `{cell(entry)}` | {cell(bad)} | `{case}` | `{cell(message)}` | `{test}` |"
                # A temporary file's random name is not a change.
                if key in verbatim and UUID.sub("UUID", verbatim[key]) == UUID.sub("UUID", line):
                    line = verbatim[key]
                out.append(line)
            elif "| `ErrorCatalogTests." not in verbatim[key]:
                out.append(verbatim[key])  # a row other tests assert (written by hand)
    missing = set(rows) - seen
    if missing:
        sys.exit(f"update-errors: Docs/Errors.md has no section for {', '.join(sorted(missing))}")
    open(PATH, "w", encoding="utf-8").write("\n".join(out))
    print(f"update-errors: {sum(len(r) for r in rows.values())} rows in {len(rows)} sections")


if __name__ == "__main__":
    main()
