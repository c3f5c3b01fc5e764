#!/usr/bin/env python3
"""Run a command and print one JSON line with its peak resident memory (max RSS).

    python3 max_rss.py LABEL COMMAND [ARGS...]
"""
import json
import resource
import subprocess
import sys

label, command = sys.argv[1], sys.argv[2:]
subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
kilobytes = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # Linux: kilobytes
print(json.dumps({"impl": label, "max_rss_mb": round(kilobytes / 1024, 1), "command": " ".join(command[1:])}))
