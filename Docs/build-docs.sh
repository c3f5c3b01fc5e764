#!/usr/bin/env bash
# Builds GateKit's documentation as a static website with the toolchain's own `docc` (no
# swift-docc-plugin, no package dependency). It fails on any DocC warning and on any public
# symbol without a doc comment (Docs/check-doc-comments.py).
#
# Usage: Docs/build-docs.sh [--hosting-base-path PATH] [OUTPUT_DIR]
#
#   OUTPUT_DIR           Where the website goes; default .build-docs/site in the package.
#                        A relative path is relative to the current directory. An existing
#                        folder is replaced only if it is empty or an earlier site.
#   --hosting-base-path  The URL path the site is served under, e.g. /GateKit for
#                        https://example.github.io/GateKit/ (default: the server's root).
#   DOCC=/path/to/docc   (environment) The docc to use. Otherwise: `xcrun --find docc`,
#                        then `docc` on the PATH, then the docc next to `swift`.
#
# Runs from any directory. Everything it builds stays in .build-docs/ (its own scratch path,
# never .build/). To read the result:
#   python3 -m http.server --directory .build-docs/site 8000
#   then open http://localhost:8000/documentation/gatekit
#
# Steps:
#   1. Symbol graphs: `swift build --target GateKit` (the umbrella depends on every library
#      module) with the symbol-graph flags, into a folder emptied first. The compiler writes
#      a module's graph only when it emits the module, so the script deletes the library
#      modules' .swiftmodule files before building: SwiftPM then re-emits every module
#      (type checking only; object files stay up to date), and every run, cold or warm,
#      gets complete and current graphs with no stale files left over.
#   2. One folder of graphs per library module: `M.symbols.json` and the extension graphs
#      `M@Other.symbols.json` that M declares. Symbols re-exported with `@_exported import`
#      (the umbrella's) are dropped there: they belong to the module that declares them.
#   3. Docs/check-doc-comments.py on those folders.
#   4. `docc convert` per module, dependencies first, with --warnings-as-errors. Each module
#      gets its dependencies' archives (--dependency), so a doc comment can link a symbol of
#      another module with an absolute link, ``/GateKitCore/Tensor``. When a module fails,
#      a list of its warnings with paths from the package folder follows docc's report.
#   5. `docc merge` into one archive, `docc process-archive transform-for-static-hosting`
#      into OUTPUT_DIR.
# Problems in every step are reported before the script fails, so one run lists them all.
set -euo pipefail
start=$SECONDS

usage() { sed -n '2,/^# Steps:/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

hosting_base_path=""
output=""
while [ $# -gt 0 ]; do
  case "$1" in
  -h | --help)
    usage
    exit 0
    ;;
  --hosting-base-path)
    [ $# -ge 2 ] || { echo "error: --hosting-base-path needs a value" >&2; exit 64; }
    hosting_base_path="$2"
    shift 2
    ;;
  --hosting-base-path=*)
    hosting_base_path="${1#*=}"
    shift
    ;;
  -*)
    echo "error: unknown option $1 (see --help)" >&2
    exit 64
    ;;
  *)
    [ -z "$output" ] || { echo "error: more than one output folder given" >&2; exit 64; }
    output="$1"
    shift
    ;;
  esac
done
case "$output" in
"" | /*) ;;
*) output="$PWD/$output" ;;
esac

trap 'printf "\nElapsed: %d s\n" $((SECONDS - start))' EXIT
package="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$package"
scratch="$package/.build-docs"
output="${output:-$scratch/site}"
mkdir -p "$scratch"

# The output folder is replaced at the end, so it must be new, empty or an earlier site.
replaceable_output() {
  [ ! -e "$output" ] && return 0
  [ -d "$output" ] || return 1
  [ -z "$(ls -A "$output")" ] && return 0
  [ -f "$output/index.html" ] && [ -d "$output/documentation" ] && [ -d "$output/data" ]
}
replaceable_output || {
  echo "error: $output exists and is not an earlier site; not replacing it" >&2
  exit 1
}

step() { printf '\n== %s (%d s)\n' "$*" $((SECONDS - start)); }

find_docc() {
  if [ -n "${DOCC:-}" ]; then
    echo "$DOCC"
  elif command -v xcrun > /dev/null 2>&1 && xcrun --find docc 2> /dev/null; then
    :
  elif command -v docc > /dev/null 2>&1; then
    command -v docc
  else
    local swift
    swift="$(command -v swift)" || return 1
    swift="$(readlink -f "$swift" 2> /dev/null || echo "$swift")"
    [ -x "$(dirname "$swift")/docc" ] || return 1
    echo "$(dirname "$swift")/docc"
  fi
}
docc="$(find_docc)" || { echo "error: docc not found; set DOCC=/path/to/docc" >&2; exit 1; }
echo "docc: $docc"

# --- The library modules, dependencies first -------------------------------------------------
# Read from Package.swift, so a new library product or dependency needs no edit here. One line
# per module: its name, its source folder, then the library modules it depends on, directly
# or not.
step "library modules (swift package dump-package)"
modules_file="$scratch/modules.txt"
swift package --scratch-path "$scratch" dump-package > "$scratch/package.json"
python3 - "$scratch/package.json" > "$modules_file" << 'EOF'
import json, sys

package = json.load(open(sys.argv[1]))
targets = {target["name"]: target for target in package["targets"]}
libraries = []
for product in package["products"]:
    if "library" in product["type"]:
        libraries += [name for name in product["targets"] if name not in libraries]

def direct_dependencies(name):
    names = []
    for dependency in targets[name]["dependencies"]:
        for kind in ("byName", "target"):
            if kind in dependency and dependency[kind][0] in targets:
                names.append(dependency[kind][0])
    return names

closure = {}
def dependencies(name):
    if name not in closure:
        closure[name] = set()
        for dependency in direct_dependencies(name):
            closure[name] |= {dependency} | dependencies(dependency)
    return closure[name]

ordered = []
def visit(name):
    if name in ordered:
        return
    for dependency in sorted(dependencies(name)):
        visit(dependency)
    if name in libraries and name not in ordered:
        ordered.append(name)
for name in libraries:
    visit(name)
for name in ordered:
    path = targets[name].get("path") or "Sources/" + name
    print(name, path, *[other for other in ordered if other in dependencies(name)])
EOF
modules=()
while read -r module _; do modules+=("$module"); done < "$modules_file"
echo "${modules[*]}"

# --- 1. Symbol graphs ------------------------------------------------------------------------
step "swift build with symbol graphs"
symbol_graphs="$scratch/symbol-graphs"
build_flags=(
  --scratch-path "$scratch"
  -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$symbol_graphs"
  -Xswiftc -symbol-graph-minimum-access-level -Xswiftc public
  # Members that a module adds to another module's types (Gate.clipGradients in
  # GateKitOptimizers, Sequential.perceptron in GateKitModels) get pages only as extension
  # symbols, under "Extended Modules"; swift-docc-plugin passes this flag too.
  -Xswiftc -emit-extension-block-symbols
)
# The library modules no other library module depends on (just the umbrella, GateKit):
# building them builds all.
tops=()
for module in "${modules[@]}"; do
  grep -q -E "^[^ ]+ [^ ]+ (.* )?$module( |\$)" "$modules_file" || tops+=("$module")
done
bin="$(swift build --scratch-path "$scratch" --show-bin-path)"
for attempt in 1 2; do
  rm -rf "$symbol_graphs"
  mkdir -p "$symbol_graphs"
  for module in "${modules[@]}"; do
    # SwiftPM 6 keeps module files in bin/Modules, earlier versions in bin.
    rm -f "$bin/Modules/$module.swiftmodule" "$bin/$module.swiftmodule"
  done
  for top in "${tops[@]}"; do swift build --target "$top" "${build_flags[@]}"; done
  missing=""
  for module in "${modules[@]}"; do
    [ -f "$symbol_graphs/$module.symbols.json" ] || missing="$missing $module"
  done
  [ -n "$missing" ] || break
  if [ "$attempt" = 2 ]; then
    echo "error: no symbol graph for:$missing" >&2
    exit 1
  fi
  # Only if SwiftPM's layout ever changes: a clean build emits every graph.
  echo "no symbol graph for:$missing; building again from scratch"
  rm -rf "$bin"
done

# --- 2. One folder of symbol graphs per module ----------------------------------------------
step "symbol graphs per module"
module_graphs="$scratch/module-symbol-graphs"
rm -rf "$module_graphs"
python3 - "$symbol_graphs" "$module_graphs" "${modules[@]}" << 'EOF'
import glob, json, os, sys

source, destination, modules = sys.argv[1], sys.argv[2], sys.argv[3:]

def module_of(path):  # GateKitCore@Swift.symbols.json belongs to GateKitCore
    return os.path.basename(path).removesuffix(".symbols.json").split("@")[0]

graphs = {path: json.load(open(path)) for path in sorted(glob.glob(source + "/*.symbols.json"))}
# A symbol in several modules' graphs (re-exported with `@_exported import`) belongs to the
# module the others depend on: the first in dependency order.
owner = {}
for module in modules:
    for path, graph in graphs.items():
        if module_of(path) == module:
            for symbol in graph["symbols"]:
                owner.setdefault(symbol["identifier"]["precise"], module)

def belongs_to(identifier, module):
    # Synthesized members (`MEMBER::SYNTHESIZED::TYPE`) belong with their type. The umbrella
    # sees every module at once, so its graph also has members that one module's protocol
    # extension gives another module's type (BinaryCrossEntropy.gradientNorm); no page.
    parent = identifier.split("::SYNTHESIZED::")[-1] if "::SYNTHESIZED::" in identifier else None
    return owner[identifier] == module and owner.get(parent, module) == module

for path, graph in graphs.items():
    module = module_of(path)
    if module not in modules:
        continue
    kept = {symbol["identifier"]["precise"] for symbol in graph["symbols"]
            if belongs_to(symbol["identifier"]["precise"], module)}
    dropped = len(graph["symbols"]) - len(kept)
    graph["symbols"] = [s for s in graph["symbols"] if s["identifier"]["precise"] in kept]
    graph["relationships"] = [r for r in graph["relationships"] if r["source"] in kept]
    os.makedirs(os.path.join(destination, module), exist_ok=True)
    with open(os.path.join(destination, module, os.path.basename(path)), "w") as file:
        json.dump(graph, file)
    if dropped:
        print(f"{os.path.basename(path)}: {dropped} re-exported symbols left to their modules")
EOF

failed=()

# --- 3. Doc comments -------------------------------------------------------------------------
step "doc comments (Docs/check-doc-comments.py)"
python3 "$package/Docs/check-doc-comments.py" --root "$package" "$module_graphs" ||
  failed+=("doc comments")

# --- 4. One archive per module ---------------------------------------------------------------
archives="$scratch/archives"
rm -rf "$archives"
mkdir -p "$archives"
convert() { # module catalog dependencies [docc options...]
  local module="$1" catalog="$2" dependencies="$3" dependency
  shift 3
  local options=()
  for dependency in $dependencies; do
    options+=(--dependency "$archives/$dependency.doccarchive")
  done
  # Static-hosting files are made once, for the merged archive, in step 5.
  "$docc" convert "$catalog" \
    --additional-symbol-graph-dir "$module_graphs/$module" \
    --output-path "$archives/$module.doccarchive" \
    --fallback-display-name "$module" \
    --fallback-bundle-identifier "gatekit.$module" \
    --enable-experimental-external-link-support \
    --no-transform-for-static-hosting \
    ${options[@]+"${options[@]}"} "$@"
}
while read -r module path dependencies; do
  step "docc convert $module"
  catalog="$path/$module.docc"
  if [ ! -d "$catalog" ]; then
    echo "error: $module has no documentation catalog $catalog" >&2
    failed+=("$module")
    continue
  fi
  if ! convert "$module" "$catalog" "$dependencies" --warnings-as-errors; then
    failed+=("$module")
    # A failed convert writes no archive. Make one without --warnings-as-errors, so that the
    # modules that depend on this one still resolve their links and report only their own
    # warnings; its diagnostics, one line each, give the paths from the package folder
    # (docc's own report above gives them from the catalog folder).
    echo "$module, in short:"
    convert "$module" "$catalog" "$dependencies" --ide-console-output 2>&1 |
      grep -E ': (warning|error): ' | sed "s|^$package/||" |
      sort -u -t: -k1,1 -k2,2n -k3,3n || true
  fi
done < "$modules_file"

if [ ${#failed[@]} -gt 0 ]; then
  printf '\nerror: documentation failed: %s\n' "${failed[*]}" >&2
  exit 1
fi

# --- 5. One website --------------------------------------------------------------------------
step "docc merge"
merged="$scratch/GateKit.doccarchive"
rm -rf "$merged"
archive_paths=()
for module in "${modules[@]}"; do archive_paths+=("$archives/$module.doccarchive"); done
"$docc" merge "${archive_paths[@]}" --output-path "$merged" \
  --synthesized-landing-page-name GateKit --synthesized-landing-page-kind Package

step "docc process-archive transform-for-static-hosting"
site="$scratch/site.partial"
rm -rf "$site"
hosting_options=()
[ -z "$hosting_base_path" ] || hosting_options=(--hosting-base-path "$hosting_base_path")
"$docc" process-archive transform-for-static-hosting "$merged" --output-path "$site" \
  ${hosting_options[@]+"${hosting_options[@]}"}

if [ -e "$output" ]; then rm -rf "$output"; fi # replaceable_output checked it at the start
mkdir -p "$(dirname "$output")"
mv "$site" "$output"
printf '\nDocumentation: %s (start page documentation/gatekit/index.html)\n' "$output"
