#!/usr/bin/env python3
"""Type-checks every Swift code block of README.md and Docs/*.md against the checkout.

Usage: python3 Docs/check-snippets.py [BUILD_DIR]

BUILD_DIR is a debug build of the package (default: `swift build --show-bin-path`); the
script needs the modules `swift build` or `swift test` left there. Each block becomes one
Swift file, compiled with `swiftc -typecheck` as a script (top-level code and declarations
both allowed) after the implicit lines `import GateKit` and `import Testing`. The fixture
package's gate module (`import SoftplusGate`, Tests/Fixtures/SoftplusExtension) is built
first, so that the recipe's snippets can use it as a downstream package does.

A block may be preceded, right before its opening fence, by HTML comments that a reader
of the rendered page does not see:

    <!-- snippet setup
    let x = try Tensor<Float>(zeros: [8, 64])
    -->
        Lines compiled before the block (names the prose takes as given).
    <!-- snippet after
    }
    -->
        Lines compiled after the block (to close a type whose method the block shows).
    <!-- snippet continues -->
        The block continues the previous block of the same file: both are compiled together.
    <!-- snippet skip: REASON -->
        The block is not Swift that compiles on its own (a reason is required).

Exits 1 and prints each failing block's file, line and compiler errors.
"""

import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
PRELUDE = "import GateKit\nimport Testing\n"
FENCE = re.compile(r"^```swift\s*$")
COMMENT = re.compile(r"<!--\s*snippet\s+(setup|after|continues|skip)(:?)(.*?)-->", re.S)
FIXTURE = os.path.join(ROOT, "Tests", "Fixtures", "SoftplusExtension", "Sources", "SoftplusGate")


def blocks(path):
    """Yields (line, code, setup, after, continues, skip reason) for each ```swift block."""
    text = open(path, encoding="utf-8").read()
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if not FENCE.match(lines[i]):
            i += 1
            continue
        start = i + 1
        end = start
        while end < len(lines) and lines[end].strip() != "```":
            end += 1
        # The comments directly above the fence (only blank lines may separate them).
        above = "\n".join(lines[:i])
        setup, after, continues, skip = "", "", False, None
        tail = above.rstrip()
        while tail.endswith("-->"):
            opening = tail.rfind("<!--")
            match = COMMENT.fullmatch(tail[opening:])
            if opening < 0 or not match:
                break
            kind, _, body = match.groups()
            if kind == "setup":
                setup = body.strip("\n") + "\n" + setup
            elif kind == "after":
                after = body.strip("\n") + "\n" + after
            elif kind == "continues":
                continues = True
            else:
                skip = body.strip()
                if not skip:
                    sys.exit(f"{path}:{i + 1}: 'snippet skip' needs a reason")
            tail = tail[:opening].rstrip()
        yield start + 1, "\n".join(lines[start:end]) + "\n", setup, after, continues, skip
        i = end + 1


def main():
    if len(sys.argv) > 1:
        build = sys.argv[1]
    else:
        build = subprocess.run(
            ["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True,
            check=True).stdout.strip()
    modules = os.path.join(build, "Modules")
    modulemap = os.path.join(build, "GateKitKernels.build", "module.modulemap")
    for needed in [os.path.join(modules, "GateKit.swiftmodule"), modulemap]:
        if not os.path.exists(needed):
            sys.exit(f"check-snippets: {needed} is missing: run `swift build` first")
    documents = [os.path.join(ROOT, "README.md")] + sorted(
        os.path.join(ROOT, "Docs", name) for name in os.listdir(os.path.join(ROOT, "Docs"))
        if name.endswith(".md"))
    failures, checked, skipped = 0, 0, 0
    flags = ["-I", modules, "-Xcc", f"-fmodule-map-file={modulemap}"]
    with tempfile.TemporaryDirectory() as scratch:
        fixture = sorted(os.path.join(FIXTURE, f) for f in os.listdir(FIXTURE) if f.endswith(".swift"))
        subprocess.run(
            ["swiftc", "-emit-module", "-module-name", "SoftplusGate", "-parse-as-library",
             "-emit-module-path", os.path.join(scratch, "SoftplusGate.swiftmodule")] + flags + fixture,
            check=True)
        flags += ["-I", scratch]
        for document in documents:
            name = os.path.relpath(document, ROOT)
            previous = ""
            for line, code, setup, after, continues, skip in blocks(document):
                if skip:
                    skipped += 1
                    previous = ""
                    continue
                source = PRELUDE + setup + (previous if continues else "") + code
                previous = source[len(PRELUDE):]
                source += after
                file = os.path.join(scratch, f"snippet_{checked}.swift")
                with open(file, "w", encoding="utf-8") as out:
                    out.write(source)
                checked += 1
                result = subprocess.run(
                    ["swiftc", "-typecheck"] + flags + [file], capture_output=True, text=True)
                if result.returncode != 0:
                    failures += 1
                    errors = [l for l in result.stderr.splitlines() if ": error:" in l]
                    print(f"FAIL {name}:{line}: the block does not compile")
                    for error in errors[:10]:
                        print("   ", error.replace(file, "snippet"))
                    print("    --- the compiled source ---")
                    for number, text in enumerate(source.splitlines(), 1):
                        print(f"    {number:3} {text}")
    print(f"snippets: {checked} compiled, {failures} failed, {skipped} skipped with a reason")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
