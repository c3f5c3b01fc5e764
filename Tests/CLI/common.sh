# Shared by the command-line scripts (errors.sh, faults.sh, options.sh); sourced, not run.

# gatekit_argument ARGUMENT...: sets `gatekit` to the absolute path of the one argument (the
# cases run in other directories), or prints the usage and exits 64.
gatekit_argument() {
  if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 PATH/TO/gatekit" >&2
    exit 64
  fi
  gatekit=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
}

# looks_like_crash FILE: whether FILE (a command's stderr) holds a crash report or a stack
# trace rather than a one-line error.
looks_like_crash() {
  grep -qiE 'fatal error|stack dump|backtrace|crash|unexpectedly|SIGILL|SIGSEGV|SIGTRAP|0x[0-9a-f]{8,}' "$1"
}
