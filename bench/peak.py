#!/usr/bin/env python3
"""Run a command; print its wall seconds and peak memory in KiB on one line:

    seconds peak_rss peak_anon peak_file

peak_rss is the kernel's high-water mark (getrusage, as /usr/bin/time %M).
peak_anon and peak_file split it by sampling /proc/PID/status every 50 ms:
anonymous memory (malloc) against file-backed pages (mapped files such as
an LMDB index or the scan's spool, which the kernel can drop and reread).
The command's own output goes where it would; exit status is the command's.

    python3 bench/peak.py -o TIMES -- build/wiretrace index add ...
"""
import os
import resource
import subprocess
import sys
import time


def main():
    args = sys.argv[1:]
    out = None
    if args[:1] == ["-o"]:
        out, args = args[1], args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        sys.exit("usage: peak.py [-o FILE] -- COMMAND...")
    t0 = time.monotonic()
    p = subprocess.Popen(args)
    anon = filed = 0
    status = "/proc/%d/status" % p.pid
    while p.poll() is None:
        try:
            with open(status) as f:
                for line in f:
                    if line.startswith("RssAnon:"):
                        anon = max(anon, int(line.split()[1]))
                    elif line.startswith("RssFile:"):
                        filed = max(filed, int(line.split()[1]))
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    secs = time.monotonic() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    line = "%.2f %d %d %d\n" % (secs, peak, anon, filed)
    if out:
        with open(out, "w") as f:
            f.write(line)
    else:
        sys.stderr.write(line)
    sys.exit(p.returncode if p.returncode >= 0 else 128 - p.returncode)


main()
