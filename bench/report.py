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


CASE_NAMES = {
    "olddefconfig": "olddefconfig from allyesconfig .config",
    "listnewconfig": "listnewconfig on a complete .config (parse+evaluate, no write)",
}


def paired(ref, kf, i):
    """median of run-by-run ratios kf/ref of field i (runs made back to back)"""
    return statistics.median(k[i] / r[i] for r, k in zip(ref, kf) if r[i] > 0)


def verdict(v):
    return v if v == "same" else f"**{v or '?'}**"


def run_report(raw, label, runs):
    rows, ir, cmp = load(raw)
    kf_sides = [s for s in ("off", "cold", "warm")
                if any(s in sides for sides in rows.values())]
    out = ["Wall time, ms: median (min–max); ratios are medians of the run-by-run "
           "ratios kforge/kernel conf. kforge cache modes: off = KFORGE_NO_CACHE=1, "
           "cold = probe cache emptied before each run, warm = filled by the warm-up run.", ""]
    out.append("| version | arch | case | kernel conf | " +
               " | ".join(f"kforge {s}" for s in kf_sides) + " | " +
               " | ".join(f"{s}/conf" for s in kf_sides) + " | same output |")
    out.append("|" + "---|" * (5 + 2 * len(kf_sides)))
    for key, sides in rows.items():
        ref = sorted(sides["ref"])
        cells = [key[0], key[1], CASE_NAMES.get(key[2], key[2]), mstat([r[1] for r in ref])]
        cells += [mstat([r[1] for r in sorted(sides[s])]) for s in kf_sides]
        cells += [f"{paired(ref, sorted(sides[s]), 1):.3f}" for s in kf_sides]
        cells.append(verdict(cmp.get(key)))
        out.append("| " + " | ".join(cells) + " |")
    out += ["", "The engine: own CPU of the conf process (children excluded), "
            "instructions (callgrind, the process alone), peak RSS (VmHWM of the "
            "process alone). \"off\" is kforge's engine doing what the kernel's "
            "conf does (parse, evaluate, write, popen per probe); \"warm\" replaces "
            "the probes by cache reads, so it is the engine work alone: parse, "
            "evaluate, write (Ir measured with a cache warmed under valgrind's "
            "environment).", ""]
    out.append("| version | arch | case | own CPU ms conf | own CPU ms kforge off | CPU off/conf | "
               "own CPU ms kforge warm | CPU warm/conf | Ir conf | Ir kforge off | Ir off/conf | "
               "Ir kforge warm | Ir warm/conf | "
               "peak RSS KiB conf | peak RSS KiB kforge off / cold / warm | RSS off/conf | "
               "total CPU ms incl. children: conf / off / cold / warm |")
    out.append("|" + "---|" * 17)
    for key, sides in rows.items():
        ref = sorted(sides["ref"])

        def med(side, i):
            v = [r[i] for r in sides.get(side, [])]
            return statistics.median(v) if v else None

        def cpu(side):
            v = [r[2] for r in sorted(sides.get(side, []))]
            return mstat(v) if v else "-"

        def irs(side):
            v = ir.get(key + (side,))
            return f"{v:,}" if v and v > 0 else "-"

        iref, ioff, iwarm = (ir.get(key + (s,)) for s in ("ref", "off", "warm"))

        def ir_ratio(v):
            return ratio(v, iref) if iref and v and iref > 0 and v > 0 else "-"

        rss = [med(s, 3) for s in ("off", "cold", "warm")]
        out.append("| " + " | ".join([
            key[0], key[1], CASE_NAMES.get(key[2], key[2]),
            cpu("ref"), cpu("off"),
            f"{paired(ref, sorted(sides['off']), 2):.3f}" if "off" in sides else "-",
            cpu("warm"),
            f"{paired(ref, sorted(sides['warm']), 2):.3f}" if "warm" in sides else "-",
            irs("ref"), irs("off"), ir_ratio(ioff),
            irs("warm"), ir_ratio(iwarm),
            str(int(med("ref", 3))), " / ".join("-" if r is None else str(int(r)) for r in rss),
            ratio(rss[0], med("ref", 3)) if rss[0] else "-",
            " / ".join("-" if med(s, 4) is None else ms(med(s, 4))
                       for s in ("ref", "off", "cold", "warm")),
        ]) + " |")
    return out


def scale_report(raw):
    rows, ir, cmp = load(raw)
    out = ["Growth columns compare with the previous size: for linear growth they "
           "equal the size ratio (×10).  Instructions (callgrind, one run) do not "
           "depend on the machine's load; wall time and own CPU do.", ""]
    out.append("| symbols | case | tool | wall ms median (min–max) | own CPU ms | peak RSS KiB | "
               "µs per symbol | wall growth vs previous size | RSS growth | "
               "instructions | instructions per symbol | instruction growth | same as conf |")
    out.append("|" + "---|" * 13)
    prev = {}
    for key, sides in rows.items():
        n = int(key[0])
        for side in ("kf", "ref"):
            if side not in sides:
                continue
            r = sides[side]
            w = statistics.median(x[1] for x in r)
            rss = statistics.median(x[3] for x in r)
            i = ir.get(key + (side,))
            i = i if i and i > 0 else None
            p = prev.get((key[2], side))
            grow = f"×{w / p[1]:.2f} for ×{n / p[0]:.0f} symbols" if p else "-"
            rgrow = f"×{rss / p[2]:.2f}" if p else "-"
            igrow = f"×{i / p[3]:.2f}" if p and i and p[3] else "-"
            prev[(key[2], side)] = (n, w, rss, i)
            out.append("| " + " | ".join([
                f"{n:,}", key[2], "kforge" if side == "kf" else "kernel conf",
                mstat([x[1] for x in r]), ms(statistics.median(x[2] for x in r)),
                str(int(rss)), f"{w / 1e3 / n:.2f}", grow, rgrow,
                f"{i:,}" if i else "-", f"{i / n:,.0f}" if i else "-", igrow,
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
             + ("; the sides alternate run by run (kernel conf, kforge off, cold, warm)"
                if mode == "run" else ""),
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
