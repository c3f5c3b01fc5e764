#!/usr/bin/env python3
"""Fails, listing them, if any public symbol has no doc comment of its own.

Usage: Docs/check-doc-comments.py [--root PACKAGE] [--module NAME ...] PATH ...

PATH is a symbol graph file (`*.symbols.json`) or a folder searched recursively for them,
as written by `swift build -Xswiftc -emit-symbol-graph ...` (Docs/build-docs.sh calls this
with its per-module folders). `--module` restricts the check to those modules' graph files
(`GateKitCore.symbols.json` and extension graphs such as `GateKitCore@Swift.symbols.json`);
`--root` shortens the paths in the report. Python 3 standard library only.

Checked: every symbol with a source location, enumeration cases included. A symbol counts
as documented when a doc comment is written on its declaration; a comment the compiler
copied from elsewhere (the protocol requirement it implements, for instance) does not count.

Not checked, because nobody can write a comment on them here:
  - synthesized members (identifiers with `::SYNTHESIZED::`): default implementations a
    type inherits from a protocol extension, ours or the standard library's (`!=`, ...);
  - implicit declarations without a source location: `init(rawValue:)` of a raw-value
    enumeration, `init(from:)` and `encode(to:)` of a synthesized `Codable` conformance;
  - extension blocks (`swift.extension`, from `-emit-extension-block-symbols`): the
    members they add are checked, the `extension Float { ... }` itself is not.
A symbol that appears in several graphs (re-exported by the umbrella module) is reported
once.

Exit status: 0 when every checked symbol is documented, 1 otherwise, 2 on bad input.
"""

import argparse
import glob
import json
import os
import sys
from urllib.parse import unquote, urlparse


def graph_files(paths):
    files = []
    for path in paths:
        if os.path.isdir(path):
            files += glob.glob(os.path.join(path, "**", "*.symbols.json"), recursive=True)
        elif os.path.isfile(path):
            files.append(path)
        else:
            raise FileNotFoundError(path)
    return sorted(set(files))


def module_of(path):
    """`GateKitCore@Swift.symbols.json` belongs to GateKitCore."""
    return os.path.basename(path).removesuffix(".symbols.json").split("@")[0]


def file_path(uri, root):
    path = unquote(urlparse(uri).path) if uri.startswith("file://") else uri
    if root and path.startswith(root.rstrip("/") + "/"):
        path = path[len(root.rstrip("/")) + 1 :]
    return path


def own_doc_comment(symbol):
    """Whether the symbol's doc comment is written on its declaration (not inherited)."""
    comment = symbol.get("docComment")
    if not comment or not any(line.get("text", "").strip() for line in comment.get("lines", [])):
        return False
    location = symbol["location"]
    # Older compilers leave out the comment's uri; then only an own comment is emitted.
    if "uri" in comment and comment["uri"] != location["uri"]:
        return False
    ranges = [line["range"] for line in comment["lines"] if "range" in line]
    if ranges and ranges[-1]["end"]["line"] > location["position"]["line"]:
        return False
    return True


def main():
    parser = argparse.ArgumentParser(
        description="Fail, listing them, if a public symbol has no doc comment of its own.")
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="symbol graph files or folders holding them")
    parser.add_argument("--module", action="append", default=[],
                        help="check only this module's graphs (repeatable)")
    parser.add_argument("--root", default="", help="package folder, to shorten paths")
    arguments = parser.parse_args()

    try:
        files = graph_files(arguments.paths)
    except FileNotFoundError as error:
        print(f"error: no such file or folder: {error}", file=sys.stderr)
        return 2
    if arguments.module:
        files = [f for f in files if module_of(f) in arguments.module]
    if not files:
        print("error: no symbol graphs (*.symbols.json) found", file=sys.stderr)
        return 2

    seen = set()
    checked = 0
    missing = []
    for path in files:
        with open(path) as file:
            graph = json.load(file)
        for symbol in graph["symbols"]:
            identifier = symbol["identifier"]["precise"]
            if identifier in seen:
                continue
            seen.add(identifier)
            if ("::SYNTHESIZED::" in identifier or "location" not in symbol
                    or symbol["kind"]["identifier"] == "swift.extension"):
                continue
            checked += 1
            if own_doc_comment(symbol):
                continue
            location = symbol["location"]
            missing.append((
                file_path(location["uri"], arguments.root),
                location["position"]["line"] + 1,
                symbol["kind"].get("displayName", symbol["kind"]["identifier"]),
                ".".join(symbol["pathComponents"]),
                module_of(path),
                "inherited doc comment only" if symbol.get("docComment") else "no doc comment",
            ))

    modules = sorted({module_of(f) for f in files})
    if missing:
        for file, line, kind, name, module, problem in sorted(missing):
            print(f"{file}:{line}: {kind} {name} ({module}): {problem}")
        print(f"{len(missing)} of {checked} public symbols in {len(modules)} modules "
              "lack a doc comment", file=sys.stderr)
        return 1
    print(f"doc comments: all {checked} public symbols in {len(modules)} modules documented")
    return 0


if __name__ == "__main__":
    sys.exit(main())
