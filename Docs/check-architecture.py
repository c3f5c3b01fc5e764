#!/usr/bin/env python3
"""Fails when Docs/Architecture.md's module graph or the package's imports drift from
Package.swift.

Usage: Docs/check-architecture.py [--package-json FILE] [--root PACKAGE]

Reads the targets from `swift package dump-package` (or from FILE, that command's output)
and checks:

  1. The graph. The fenced block after the line `<!-- module graph: checked by
     Docs/check-architecture.py -->` in Docs/Architecture.md has one line per target of
     Sources/ (tests, test support and plugins left out): `Module` or
     `Module ← Dependency, Dependency, ...`. The targets and each one's direct target
     dependencies must be exactly Package.swift's.
  2. The tables. Every library product has a row (a line starting with "| `Module`") in
     the module tables of Docs/Architecture.md and README.md.
  3. The layering. The presentation module (GateKitPresentation) depends on the modules it
     draws, never the reverse: no target that the presentation module depends on, directly
     or not, and no other target that does not depend on it, imports it. More generally,
     every `import` of a package module in Sources/ must name a dependency of the
     importing target (directly or not), so an import that Package.swift does not declare
     cannot slip in through SwiftPM's shared module folder.

Python 3 standard library only. Exit status 0 when all checks pass, 1 otherwise, 2 on bad
input.
"""

import argparse
import json
import os
import re
import subprocess
import sys

PRESENTATION = "GateKitPresentation"
MARKER = "<!-- module graph: checked by Docs/check-architecture.py -->"
IMPORT = re.compile(
    r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*import\s+(?:(?:struct|class|enum|protocol|func|var|let|"
    r"typealias)\s+)?(\w+)",
    re.MULTILINE,
)


def load_package(root, package_json):
    if package_json:
        with open(package_json) as file:
            return json.load(file)
    output = subprocess.run(
        # Its own scratch folder, so that a build running in .build does not hold it up.
        ["swift", "package", "--package-path", root, "--scratch-path",
         os.path.join(root, ".build-architecture"), "dump-package"],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(output)


def source_targets(package):
    """Name → (path, direct target dependencies) for every target in Sources/."""
    targets = {}
    names = {target["name"] for target in package["targets"]}
    for target in package["targets"]:
        if target["type"] not in ("regular", "executable"):
            continue
        path = target.get("path") or "Sources/" + target["name"]
        if not path.startswith("Sources/"):
            continue
        dependencies = []
        for dependency in target["dependencies"]:
            for kind in ("byName", "target"):
                if kind in dependency and dependency[kind][0] in names:
                    dependencies.append(dependency[kind][0])
        targets[target["name"]] = (path, dependencies)
    return targets


def closure(targets, name, seen=None):
    seen = set() if seen is None else seen
    for dependency in targets.get(name, ("", []))[1]:
        if dependency not in seen:
            seen.add(dependency)
            closure(targets, dependency, seen)
    return seen


def documented_graph(architecture):
    """The graph block of Docs/Architecture.md: name → list of dependencies."""
    lines = architecture.splitlines()
    try:
        start = lines.index(MARKER)
    except ValueError:
        return None, f"no line '{MARKER}'"
    fence = start + 1
    while fence < len(lines) and not lines[fence].startswith("```"):
        fence += 1
    graph, problems = {}, []
    for number in range(fence + 1, len(lines)):
        line = lines[number].strip()
        if line.startswith("```"):
            return graph, problems
        if not line:
            continue
        match = re.fullmatch(r"(\w+)(?:\s*←\s*(.*))?", line)
        if not match:
            problems.append(f"Docs/Architecture.md:{number + 1}: cannot read '{line}'")
            continue
        dependencies = [d.strip() for d in (match.group(2) or "").split(",") if d.strip()]
        if match.group(1) in graph:
            problems.append(f"Docs/Architecture.md:{number + 1}: {match.group(1)} listed twice")
        graph[match.group(1)] = dependencies
    return None, "the graph block after the marker is not closed"


def check_graph(targets, architecture):
    graph, problem = documented_graph(architecture)
    if graph is None:
        return [f"Docs/Architecture.md: {problem}"]
    problems = list(problem)
    for name in sorted(set(targets) - set(graph)):
        problems.append(f"Docs/Architecture.md: the graph lacks {name} ← "
                        + ", ".join(targets[name][1]))
    for name in sorted(set(graph) - set(targets)):
        problems.append(f"Docs/Architecture.md: the graph lists {name}, which Package.swift "
                        "has no target of in Sources/")
    for name in sorted(set(graph) & set(targets)):
        written, declared = set(graph[name]), set(targets[name][1])
        if written != declared:
            detail = []
            if declared - written:
                detail.append("missing " + ", ".join(sorted(declared - written)))
            if written - declared:
                detail.append("not in Package.swift: " + ", ".join(sorted(written - declared)))
            problems.append(f"Docs/Architecture.md: {name}'s dependencies differ from "
                            f"Package.swift ({'; '.join(detail)})")
    return problems


def check_tables(package, root):
    libraries = sorted({name for product in package["products"] if "library" in product["type"]
                        for name in product["targets"]})
    problems = []
    for document in ("Docs/Architecture.md", "README.md"):
        with open(os.path.join(root, document)) as file:
            text = file.read()
        for name in libraries:
            if not re.search(r"^\| `" + re.escape(name) + r"` \|", text, re.MULTILINE):
                problems.append(f"{document}: the module table has no row for {name}")
    return problems


def check_imports(targets, root):
    problems = []
    below = closure(targets, PRESENTATION)
    for name, (path, _) in sorted(targets.items()):
        allowed = closure(targets, name)
        for folder, _, files in os.walk(os.path.join(root, path)):
            for file_name in sorted(files):
                if not file_name.endswith(".swift"):
                    continue
                file_path = os.path.join(folder, file_name)
                with open(file_path) as file:
                    text = file.read()
                relative = os.path.relpath(file_path, root)
                for match in IMPORT.finditer(text):
                    module = match.group(1)
                    if module not in targets or module == name or module in allowed:
                        continue
                    line = text.count("\n", 0, match.start()) + 1
                    if module == PRESENTATION:
                        why = (f"which depends on {name}" if name in below
                               else f"which {name} does not depend on")
                        problems.append(
                            f"{relative}:{line}: {name} imports {PRESENTATION}, {why}: the "
                            "presentation module depends on the modules it draws, never the "
                            "reverse")
                    else:
                        problems.append(
                            f"{relative}:{line}: {name} imports {module}, which is not among "
                            "its dependencies in Package.swift")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package-json", help="the output of `swift package dump-package`")
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))), help="the package folder (default: this script's parent's)")
    arguments = parser.parse_args()
    try:
        package = load_package(arguments.root, arguments.package_json)
        with open(os.path.join(arguments.root, "Docs/Architecture.md")) as file:
            architecture = file.read()
    except (OSError, ValueError, subprocess.CalledProcessError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    targets = source_targets(package)
    if PRESENTATION not in targets:
        print(f"error: Package.swift has no target {PRESENTATION}", file=sys.stderr)
        return 2
    problems = (check_graph(targets, architecture) + check_tables(package, arguments.root)
                + check_imports(targets, arguments.root))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"error: {len(problems)} architecture problem(s)", file=sys.stderr)
        return 1
    print(f"architecture: {len(targets)} targets match Docs/Architecture.md; no import outside "
          f"the declared dependencies; nothing below {PRESENTATION} imports it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
