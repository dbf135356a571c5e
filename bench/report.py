#!/usr/bin/env python3
"""Turn the raw figures of bench/run.sh or bench/scale.sh into a dated
markdown section appended to bench/RESULTS.md (and printed).

  report.py run   RAW.tsv RESULTS.md LABEL RUNS
  report.py scale RAW.tsv RESULTS.md LABEL RUNS
"""
import os
import platform
import statistics
import subprocess
import sys
import time
from collections import defaultdict


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"nproc {os.cpu_count()}, CPU {model}, load average {load}, "
            f"kernel {platform.release()}")


def ms(ns):
    return f"{ns / 1e6:.1f}"


def mstat(v):
    """median (min-max) in ms"""
    return f"{ms(statistics.median(v))} ({ms(min(v))}–{ms(max(v))})"


def ratio(a, b):
    return f"{a / b:.3f}" if b else "-"


def load(raw):
    rows = defaultdict(lambda: defaultdict(list))  # key -> side -> [(run, fields)]
    ir = {}
    cmp = {}
    for line in open(raw):
        f = line.rstrip("\n").split("\t")
        key = tuple(f[:3])
        if f[3] == "cmp":
            cmp[key] = f[4]
        elif f[4] == "Ir":
            ir[key + (f[3],)] = int(f[5])
        else:
            side, run = f[3], int(f[4])
            wall, own, hwm, tot, rc = (int(x) for x in f[5].split())
            if run == 0:
                continue  # warm-up
            rows[key][side].append((run, wall, own, hwm, tot, rc))
    return rows, ir, cmp


def run_report(raw, label, runs):
    rows, ir, cmp = load(raw)
    out = []
    out.append("| version | arch | case | wall ms kernel conf: median (min–max) | wall ms kforge | "
               "wall kf/conf | own CPU ms conf | own CPU ms kforge | CPU kf/conf | "
               "instructions conf | instructions kforge | Ir kf/conf | peak RSS KiB conf | "
               "peak RSS KiB kforge | total CPU ms incl. $(shell) children conf / kforge | same output |")
    out.append("|" + "---|" * 16)
    for key, sides in rows.items():
        ref, kf = sorted(sides["ref"]), sorted(sides["kf"])
        rw = [r[1] for r in ref]; kw = [r[1] for r in kf]
        rc = [r[2] for r in ref]; kc = [r[2] for r in kf]
        # pairwise ratios (run i of each side were made back to back)
        wr = statistics.median(k[1] / r[1] for r, k in zip(ref, kf))
        cr = statistics.median(k[2] / r[2] for r, k in zip(ref, kf))
        iref, ikf = ir.get(key + ("ref",)), ir.get(key + ("kf",))
        case = key[2]
        if case == "listnewconfig":
            case = "listnewconfig on a complete .config (parse+evaluate, no write)"
        elif case == "olddefconfig":
            case = "olddefconfig from allyesconfig .config"
        out.append("| " + " | ".join([
            key[0], key[1], case, mstat(rw), mstat(kw), f"{wr:.3f}",
            mstat(rc), mstat(kc), f"{cr:.3f}",
            f"{iref:,}" if iref else "-", f"{ikf:,}" if ikf else "-",
            ratio(ikf, iref) if iref and ikf else "-",
            str(statistics.median(r[3] for r in ref)), str(statistics.median(r[3] for r in kf)),
            f"{ms(statistics.median(r[4] for r in ref))} / {ms(statistics.median(r[4] for r in kf))}",
            cmp.get(key, "?") if cmp.get(key) == "same" else f"**{cmp.get(key, '?')}**",
        ]) + " |")
    return out


def scale_report(raw):
    rows, ir, cmp = load(raw)
    out = []
    out.append("| symbols | case | tool | wall ms median (min–max) | own CPU ms | peak RSS KiB | "
               "µs per symbol | wall growth vs previous size | RSS growth | same as conf |")
    out.append("|" + "---|" * 10)
    prev = {}
    for key, sides in rows.items():
        n = int(key[0])
        for side in ("kf", "ref"):
            if side not in sides:
                continue
            r = sides[side]
            w = statistics.median(x[1] for x in r)
            rss = statistics.median(x[3] for x in r)
            p = prev.get((key[2], side))
            grow = f"×{w / p[1]:.2f} for ×{n / p[0]:.0f} symbols" if p else "-"
            rgrow = f"×{rss / p[2]:.2f}" if p else "-"
            prev[(key[2], side)] = (n, w, rss)
            out.append("| " + " | ".join([
                f"{n:,}", key[2], "kforge" if side == "kf" else "kernel conf",
                mstat([x[1] for x in r]), ms(statistics.median(x[2] for x in r)),
                str(int(rss)), f"{w / 1e3 / n:.2f}", grow, rgrow,
                cmp.get(key, "-") if side == "kf" else "",
            ]) + " |")
    return out


def main():
    mode, raw, results, label, runs = sys.argv[1:6]
    when = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    title = "kforge vs the kernel's conf" if mode == "run" else "scaling on synthetic trees"
    lines = [f"## {when}: {title}", "",
             f"- machine: {machine()}",
             f"- {label}; {runs} counted runs per side after one warm-up"
             + ("; the two sides alternate run by run" if mode == "run" else ""),
             f"- raw figures: `{raw}`", ""]
    lines += run_report(raw, label, runs) if mode == "run" else scale_report(raw)
    lines.append("")
    text = "\n".join(lines) + "\n"
    new = not os.path.exists(results)
    with open(results, "a") as f:
        if new:
            f.write("# kforge benchmark results\n\nAppended by `make bench` "
                    "(bench/run.sh, bench/scale.sh); see bench/README.md.\n\n")
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
