#!/usr/bin/env python3
"""kernel-why.py [--versions "6.1 6.12"] [--arches "x86 arm arm64"] [-n N] [--seed S] [KFORGE]

Checks `kforge why SYM=VALUE` against the kernel's own conf on real trees.
For each version and arch: the kernel's make builds its conf and writes the
arch's defconfig as the base .config; then N sampled (symbol, value) goals
(n symbols to y/m, y/m symbols to n, symbols hidden now to y) are asked of
`kforge why --json`.  Whenever kforge proposes changes, they are written
into a copy of the base .config (each CONFIG_X line replaced or added) and
the KERNEL's conf runs --olddefconfig on it, with the exact environment the
kernel's make gives it; the plan is sound iff the symbol then has the value.

Prints per version x arch: goals, already, plans, sound, unsound, no plan;
exits 1 if any plan is unsound.  Work dirs: build/explain-why/VER-ARCH.
A pre-resolve check, not part of `make check` (it builds the kernel's conf).
"""
import json
import os
import random
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=isinstance(cmd, str), **kw)


def ksrc_path(ver):
    r = sh([os.path.join(REPO, "tests/compat/ksrc.sh"), "-p", ver],
           capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"no kernel source for {ver}: {r.stderr}")
    return r.stdout.strip()


def setup(ver, arch, ksrc):
    """O dir with the kernel's conf, the env make gives it, and a base .config."""
    work = os.path.join(REPO, "build/explain-why", f"{ver}-{arch}")
    conf = os.path.join(work, "scripts/kconfig/conf")
    ref = conf + ".ref"
    envf = conf + ".capture-env"
    os.makedirs(work, exist_ok=True)
    if not os.path.exists(ref) or not os.path.exists(envf):
        mk = ["make", "-s", "-C", ksrc, f"O={work}", f"ARCH={arch}"]
        r = sh(mk + ["defconfig"], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"{ver} {arch}: make defconfig failed:\n{r.stderr}")
        shutil.copy2(conf, ref)
        cap = os.path.join(work, "capture")
        sh(["cc", "-O2", "-o", cap, os.path.join(REPO, "bench/capture.c")], check=True)
        shutil.copy2(cap, conf)
        os.utime(conf)
        sh(mk + ["olddefconfig"], capture_output=True)
        shutil.copy2(ref, conf)
        os.utime(conf)
        if not os.path.exists(envf):
            sys.exit(f"{ver} {arch}: capturing conf's environment failed")
        shutil.copy2(os.path.join(work, ".config"), os.path.join(work, "base.config"))
    env = {}
    with open(envf, "rb") as f:
        for item in f.read().split(b"\0"):
            if b"=" in item:
                k, v = item.split(b"=", 1)
                env[k.decode()] = v.decode(errors="replace")
    with open(conf + ".capture-argv", "rb") as f:
        argv = [a.decode() for a in f.read().split(b"\0") if a]
    return work, env, argv[-1]


def read_config(path):
    vals, order = {}, []
    with open(path) as f:
        for line in f:
            m = re.match(r"^CONFIG_(\w+)=(.*)$", line)
            if m:
                vals[m.group(1)] = m.group(2)
                order.append(m.group(1))
                continue
            m = re.match(r"^# CONFIG_(\w+) is not set$", line)
            if m:
                vals[m.group(1)] = "n"
                order.append(m.group(1))
    return vals, order


def apply_changes(base, out, changes):
    want = {c["symbol"]: c["value"] for c in changes}
    lines = []
    with open(base) as f:
        for line in f:
            m = re.match(r"^(?:CONFIG_(\w+)=.*|# CONFIG_(\w+) is not set)$", line.rstrip("\n"))
            name = m and (m.group(1) or m.group(2))
            if name in want:
                v = want.pop(name)
                line = f"# CONFIG_{name} is not set\n" if v == "n" else f"CONFIG_{name}={v}\n"
            lines.append(line)
    for name, v in want.items():
        lines.append(f"# CONFIG_{name} is not set\n" if v == "n" else f"CONFIG_{name}={v}\n")
    with open(out, "w") as f:
        f.writelines(lines)


def kconfig_names(ksrc, arch):
    """config names defined in the arch's and the common Kconfig files."""
    names = set()
    srcarch = {"x86_64": "x86", "i386": "x86"}.get(arch, arch)
    for top, dirs, files in os.walk(ksrc):
        rel = os.path.relpath(top, ksrc)
        if rel.startswith("arch" + os.sep) and not rel.startswith(os.path.join("arch", srcarch)):
            dirs[:] = []
            continue
        for fn in files:
            if not fn.startswith("Kconfig"):
                continue
            with open(os.path.join(top, fn), errors="replace") as f:
                for line in f:
                    m = re.match(r"^\s*(?:menu)?config\s+(\w+)\s*$", line)
                    if m:
                        names.add(m.group(1))
    return sorted(names)


def main():
    args = sys.argv[1:]
    versions, arches, n, seed, kforge = ["6.1", "6.12"], ["x86", "arm", "arm64"], 40, 1, None
    while args:
        a = args.pop(0)
        if a == "--versions":
            versions = args.pop(0).split()
        elif a == "--arches":
            arches = args.pop(0).split()
        elif a == "-n":
            n = int(args.pop(0))
        elif a == "--seed":
            seed = int(args.pop(0))
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            kforge = os.path.abspath(a)
    kforge = kforge or os.path.join(REPO, "kforge")
    total_bad = 0
    rows = []
    for ver in versions:
        ksrc = ksrc_path(ver)
        for arch in arches:
            work, env, kconfig = setup(ver, arch, ksrc)
            base = os.path.join(work, "base.config")
            vals, order = read_config(base)
            rnd = random.Random(f"{seed}-{ver}-{arch}")
            hidden = [s for s in kconfig_names(ksrc, arch) if s not in vals]
            goals = []
            for name in rnd.sample(order, min(len(order), n * 2)):
                v = vals[name]
                if v == "n":
                    goals.append((name, "y"))
                elif v in ("y", "m"):
                    goals.append((name, "n"))
            goals = goals[: (2 * n) // 3]
            goals += [(s, "y") for s in rnd.sample(hidden, min(len(hidden), n - len(goals)))]
            stat = dict(goals=0, already=0, plans=0, sound=0, unsound=0, noplan=0, unknown=0)
            for name, want in goals:
                shutil.copy2(base, os.path.join(work, ".config"))
                r = sh([kforge, "why", "--json", f"ARCH={arch}", f"{name}={want}"],
                       cwd=work, capture_output=True, text=True)
                if r.returncode != 0 and ("unknown symbol" in r.stderr or
                                          "is not a valid value" in r.stderr):
                    stat["unknown"] += 1    # not in this arch's tree / not a bool
                    continue
                stat["goals"] += 1
                try:
                    res = json.loads(r.stdout)[0]
                except (ValueError, IndexError):
                    print(f"  ERROR {ver} {arch} {name}={want}: {r.stderr.strip()[:300]}")
                    stat["unsound"] += 1
                    total_bad += 1
                    continue
                if res["already"]:
                    stat["already"] += 1
                    continue
                if not res["found"]:
                    stat["noplan"] += 1
                    first = res["blockers"][0]["what"] if res["blockers"] else ""
                    print(f"  no plan {ver} {arch} {name}={want}: {first}")
                    continue
                stat["plans"] += 1
                trial = os.path.join(work, "trial.config")
                apply_changes(base, trial, res["changes"])
                e = dict(env, KCONFIG_CONFIG=trial)
                k = sh([os.path.join(work, "scripts/kconfig/conf"), "-s", "--olddefconfig", kconfig],
                       cwd=work, env=e, capture_output=True, text=True)
                got, _ = read_config(trial)
                have = got.get(name, "n")
                if k.returncode == 0 and have == want:
                    stat["sound"] += 1
                else:
                    stat["unsound"] += 1
                    total_bad += 1
                    ch = " ".join(f"{c['symbol']}={c['value']}" for c in res["changes"])
                    print(f"  UNSOUND {ver} {arch} {name}={want}: plan [{ch}] gave {name}={have}"
                          f" (kernel conf exit {k.returncode})")
            shutil.copy2(base, os.path.join(work, ".config"))
            rows.append((ver, arch, stat))
            print(f"{ver:5} {arch:6} goals {stat['goals']:3}  already {stat['already']:2}  "
                  f"plans {stat['plans']:3}  sound {stat['sound']:3}  unsound {stat['unsound']:2}  "
                  f"no plan {stat['noplan']:2}", flush=True)
    t = {k: sum(s[k] for _, _, s in rows) for k in rows[0][2]} if rows else {}
    if t:
        print(f"total goals {t['goals']}, plans {t['plans']}, sound {t['sound']}, "
              f"unsound {t['unsound']}, no plan {t['noplan']}, already {t['already']}")
    return 1 if total_bad else 0


if __name__ == "__main__":
    sys.exit(main())
