#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# tests/explain/kernel-diff.sh VERSION ARCH [N]
#
# Validates `kforge diff --explain` on real kernel configuration pairs (not
# part of make check: it needs a kernel tree and runs the kernel's make).
#
# In a private O= directory, the kernel's own make builds ARCH's defconfig.
# Then N times: take OLD (the defconfig, or every other time the previous
# NEW), change 1 to 3 randomly drawn symbols of it (seeded; bool/tristate
# flips, now and then an integer), let the kernel's conf complete it with
# `make olddefconfig` into NEW (drawing again when nothing changed), and run
#
#	kforge diff --explain --json -C KSRC O=DIR ARCH=ARCH OLD NEW
#
# Checks, independently of kforge's own reasoning:
#  - the changed lines are exactly those of the kernel's scripts/diffconfig;
#  - every changed line is attributed: a root, or a consequence with a chain
#    (nothing unexplained, nothing unknown);
#  - every chain starts at its root, its steps connect, it ends at the
#    consequence, and each step's FROM is itself a changed line (or a choice);
#  - every step is a real relation of the tree: the Kconfig line it cites
#    holds that relation between FROM and TO: 'select TO' in FROM's entry,
#    or in VIA's with FROM in the statement or in VIA's dependencies; a
#    'default'/'range'/'depends on'/prompt 'if' of TO's entry naming FROM;
#    an 'if' line, or a menu's or choice's 'depends on'/'visible if', naming
#    FROM and enclosing a definition of TO (blocks are followed across
#    'source'); a 'choice' block holding the members; the 'modules' symbol;
#  - user roots are among the symbols changed by hand (reported, not failed:
#    a hand change can be undone or forced by the tree), and no hand change
#    is taken for a fact (the toolchain is the same on both sides);
#  - the time kforge spends explaining after loading the tree (wall clock and
#    CPU time of the process; on a busy machine the CPU time is the measure).
#
# Environment: KSRC (default $KFORGE_KSRC_DIR/linux-source-VERSION,
# KFORGE_KSRC_DIR defaulting to /work/kclean; else /work/ksrc/...; only
# read, the kernel's make runs with O= under WORK), KFORGE (default
# ./kforge of this repository), SEED (1),
# WORK (scratch directory, default a new one under /tmp, removed unless
# KEEP=1), VERBOSE=1 (print every step checked).
# Exit status 0 when every check passed.
set -u
if [ $# -lt 2 ]; then
	sed -n '3,/^set -u/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
	exit 2
fi
ver=$1 arch=$2 n=${3:-30}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
KFORGE=${KFORGE:-$repo/kforge}
case $KFORGE in /*) ;; *) KFORGE=$PWD/$KFORGE ;; esac
if [ -z "${KSRC:-}" ]; then
	KSRC=${KFORGE_KSRC_DIR:-/work/kclean}/linux-source-$ver
	[ -d "$KSRC" ] || KSRC=/work/ksrc/linux-source-$ver
fi
[ -f "$KSRC/Makefile" ] || { echo "kernel-diff.sh: no kernel tree at $KSRC" >&2; exit 2; }
[ -x "$KFORGE" ] || { echo "kernel-diff.sh: no kforge at $KFORGE (run make)" >&2; exit 2; }
work=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/kforge-kdiff.XXXXXX")}
mkdir -p "$work"
[ "${KEEP:-0}" = 1 ] || [ -n "${WORK:-}" ] || trap 'rm -rf "$work"' EXIT
odir=$work/o-$ver-$arch
make -s -C "$KSRC" O="$odir" ARCH="$arch" defconfig >"$work/defconfig.log" 2>&1 ||
	{ echo "kernel-diff.sh: make defconfig failed:"; tail "$work/defconfig.log"; exit 2; }
cp "$odir/.config" "$work/base.config"

exec python3 - "$ver" "$arch" "$n" "$KSRC" "$KFORGE" "$odir" "$work" "${SEED:-1}" "${VERBOSE:-0}" <<'PYEOF'
import glob, json, os, random, re, subprocess, sys, time

ver, arch, n, ksrc, kforge, odir, work, seed, verbose = sys.argv[1:]
n, seed, verbose = int(n), int(seed), verbose == "1"

def read_config(path):
    """name -> value, the way scripts/diffconfig reads a .config"""
    d = {}
    for line in open(path, errors="surrogateescape"):
        line = line.rstrip("\n")
        if line.startswith("CONFIG_"):
            name, val = line[7:].split("=", 1)
            d[name] = val
        elif line.startswith("# CONFIG_") and line.endswith(" is not set"):
            d[line[9:-11]] = "n"
    return d

def diffconfig(old, new):
    out = subprocess.run(["python3", os.path.join(ksrc, "scripts/diffconfig"), old, new],
                         capture_output=True, text=True, check=True).stdout
    names = []
    for l in out.splitlines():
        names.append(l[1:].split(" ", 1)[0])
    return names

def make(target):
    r = subprocess.run(["make", "-s", "-C", ksrc, "O=" + odir, "ARCH=" + arch, target],
                       capture_output=True, text=True)
    if r.returncode:
        sys.exit("make %s failed:\n%s" % (target, r.stderr[-2000:]))

# ---- Kconfig text, read independently of kforge ----
files = {}
helpmask = {}
def kfile(name):
    """the lines of a Kconfig file; help texts are marked in helpmask"""
    if name not in files:
        p = name if name.startswith("/") else os.path.join(ksrc, name)
        try:
            lines = open(p, errors="replace").read().split("\n")
        except OSError:
            files[name] = None
            return None
        files[name] = lines
        mask, inhelp, indent = [False] * (len(lines) + 1), False, None
        for i, l in enumerate(lines, 1):
            ex = l.expandtabs(8)
            if inhelp:
                if not ex.strip():
                    mask[i] = True
                    continue
                ind = len(ex) - len(ex.lstrip())
                if indent is None:
                    indent = ind
                if ind >= indent and ind > 0:
                    mask[i] = True
                    continue
                inhelp = False
            if re.match(r"^\s*(help|---help---)\s*$", l):
                inhelp, indent = True, None
        helpmask[name] = mask
    return files[name]

def logical(lines, i):
    """line i (1-based) with its backslash continuations"""
    s = lines[i - 1]
    while s.endswith("\\") and i < len(lines):
        s = s[:-1] + " " + lines[i]
        i += 1
    return s

def word(name, text):
    return re.search(r"(?<![A-Za-z0-9_])" + re.escape(name) + r"(?![A-Za-z0-9_])", text) is not None

def first(line):
    w = line.split()
    return w[0] if w else ""

ENTRY = re.compile(r"^\s*(menuconfig|config)\s+([A-Za-z0-9_]+)\s*$")
def owner_line(lines, i, f):
    """the line of the entry or block whose attribute line i is"""
    mask = helpmask.get(f) or []
    for k in range(i - 1, 0, -1):
        if k < len(mask) and mask[k]:
            continue
        s = lines[k - 1]
        if ENTRY.match(s) or re.match(r"^\s*choice\b", s) or re.match(r'^\s*menu\s+"', s):
            return k
        if first(s) in ("endif", "endmenu", "endchoice", "if", "source", "comment"):
            return None
    return None

def owner(lines, i, f):
    """that entry's name, '<choice>' or '<menu>'"""
    k = owner_line(lines, i, f)
    if k is None:
        return None
    m = ENTRY.match(lines[k - 1])
    if m:
        return m.group(2)
    return "<choice>" if re.match(r"^\s*choice\b", lines[k - 1]) else "<menu>"

def header(f, k):
    """the attribute lines of the entry or block at line k (up to its first member)"""
    lines, mask = kfile(f), helpmask[f]
    out = []
    for j in range(k + 1, len(lines) + 1):
        if mask[j]:
            continue
        if first(lines[j - 1]) in ("config", "menuconfig", "choice", "endchoice", "comment", "menu",
                                   "endmenu", "if", "endif", "source", "rsource", "osource",
                                   "orsource", "help", "---help---"):
            break
        out.append(logical(lines, j))
    return out

# every 'config X' site, and where each file is sourced from
defs, sourced_at = {}, {}
srcarch = {"x86_64": "x86", "i386": "x86"}.get(arch, arch)
for root, dirs, names in os.walk(ksrc):
    dirs[:] = [x for x in dirs if not x.startswith(".") and x != "Documentation"]
    for nm in names:
        if not nm.startswith("Kconfig"):
            continue
        rel = os.path.relpath(os.path.join(root, nm), ksrc)
        lines = kfile(rel) or []
        for i, l in enumerate(lines, 1):
            if helpmask[rel][i]:
                continue
            m = ENTRY.match(l)
            if m:
                defs.setdefault(m.group(2), []).append((rel, i))
                continue
            m = re.match(r'^\s*(source|rsource|osource|orsource)\s+"([^"]+)"', l)
            if m:
                path = m.group(2).replace("$(SRCARCH)", srcarch).replace("$SRCARCH", srcarch)
                if m.group(1) in ("rsource", "orsource"):
                    path = os.path.normpath(os.path.join(os.path.dirname(rel), path))
                for g in (glob.glob(os.path.join(ksrc, path)) if "*" in path else [os.path.join(ksrc, path)]):
                    sourced_at.setdefault(os.path.relpath(g, ksrc), []).append((rel, i))

def enclosing(f, ln, depth_left=40):
    """the if/menu/choice lines that enclose line ln of f, across 'source'"""
    lines = kfile(f)
    if not lines or depth_left == 0:
        return []
    mask, res, depth = helpmask[f], [], 0
    for k in range(ln - 1, 0, -1):
        if mask[k]:
            continue
        w = first(lines[k - 1])
        if w in ("endif", "endmenu", "endchoice"):
            depth += 1
        elif w in ("if", "choice") or (w == "menu" and re.match(r'^\s*menu\s+"', lines[k - 1])):
            if depth == 0:
                res.append((f, k))
            else:
                depth -= 1
    for sf, sl in sourced_at.get(f, []):
        res += enclosing(sf, sl, depth_left - 1)
    return res

def encloses(f, ln, sym):
    """does the block at f:ln enclose a definition of sym?"""
    return any((f, ln) in enclosing(df, dl) for df, dl in defs.get(sym, []))

def names_in_deps(sym, name):
    """is name in sym's own dependencies or prompt conditions, or in those of a
    block around one of its definitions?"""
    for df, dl in defs.get(sym, []):
        for t in header(df, dl):
            if (re.match(r"^\s*depends\s+on\b", t) or (PROMPT.match(t) and word("if", t))) and word(name, t):
                return True
        for bf, bl in enclosing(df, dl):
            blines = kfile(bf)
            if first(blines[bl - 1]) == "if" and word(name, logical(blines, bl)):
                return True
            for t in header(bf, bl):
                if re.match(r"^\s*(depends\s+on|visible\s+if)\b", t) and word(name, t):
                    return True
    return False

def choice_members(lines, i):
    """names defined between the 'choice' at line i and its endchoice"""
    names, depth = set(), 0
    for k in range(i, len(lines) + 1):
        s = lines[k - 1]
        if re.match(r"^\s*choice\b", s):
            depth += 1
        elif re.match(r"^\s*endchoice\b", s):
            depth -= 1
            if depth == 0:
                break
        m = ENTRY.match(s)
        if m:
            names.add(m.group(2))
    return names

PROMPT = re.compile(r"^\s*(bool|tristate|string|int|hex|prompt)\s+\"")
def check_step(st, modules_name):
    """None if the step is a real relation in the tree, else why not"""
    rel, f, ln, frm, to, via = st["relation"], st["file"], st["line"], st["from"], st["to"], st.get("via")
    lines = kfile(f)
    if lines is None or not (1 <= ln <= len(lines)):
        return "no line %s:%s" % (f, ln)
    text = logical(lines, ln)
    own = owner(lines, ln, f)
    if rel in ("select", "imply"):
        if not re.match(r"^\s*%s\s+%s\b" % (rel, re.escape(to)), text):
            return "not '%s %s'" % (rel, to)
        if via is None:
            return None if own == frm else "'%s %s' is in %s, not in %s" % (rel, to, own, frm)
        if own != via:
            return "'%s %s' is in %s, not in %s" % (rel, to, own, via)
        if word(frm, text) or names_in_deps(via, frm):
            return None
        return "%s is neither in the statement nor in the dependencies of %s" % (frm, via)
    if rel == "default":
        if not re.match(r"^\s*(default|def_bool|def_tristate)\b", text):
            return "not a default"
        if not word(frm, text):
            return "default does not name %s" % frm
        if own == to:
            return None
        if own == "<choice>" and encloses(f, owner_line(lines, ln, f), to):
            return None
        return "default of %s, not of %s" % (own, to)
    if rel == "range":
        if not re.match(r"^\s*range\b", text) or not word(frm, text):
            return "not a range naming %s" % frm
        return None if own == to else "range of %s, not %s" % (own, to)
    if rel in ("depends on", "menu depends on"):
        if not re.match(r"^\s*depends\s+on\b", text) or not word(frm, text):
            return "not a 'depends on' naming %s" % frm
        if own == to and rel == "depends on":
            return None
        if own in ("<menu>", "<choice>") and encloses(f, owner_line(lines, ln, f), to):
            return None
        return "the 'depends on' of %s, which does not hold %s" % (own, to)
    if rel == "prompt if":
        if not PROMPT.match(text) or not word("if", text) or not word(frm, text):
            return "not a prompt 'if' naming %s" % frm
        return None if own == to else "prompt of %s, not %s" % (own, to)
    if rel == "if":
        if not re.match(r"^\s*if\b", text) or not word(frm, text):
            return "not an 'if' naming %s" % frm
        return None if encloses(f, ln, to) else "the 'if' does not enclose %s" % to
    if rel == "visible if":
        if not re.match(r"^\s*visible\s+if\b", text) or not word(frm, text):
            return "not a 'visible if' naming %s" % frm
        if own == "<menu>" and encloses(f, owner_line(lines, ln, f), to):
            return None
        return "the menu does not enclose %s" % to
    if rel == "choice":
        if not re.match(r"^\s*choice\b", text):
            return "not a choice"
        members = choice_members(lines, ln)
        for s in (frm, to):
            if s != "<choice>" and s not in members:
                return "%s not in the choice" % s
        return None
    if rel == "modules":
        if frm != modules_name:
            return "%s is not the modules symbol" % frm
        return None if ENTRY.match(lines[ln - 1]) else "not the modules entry"
    return "unknown relation " + rel

def modules_symbol():
    for f in ("init/Kconfig", "kernel/module/Kconfig"):
        lines = kfile(f) or []
        for i, s in enumerate(lines, 1):
            if re.match(r"^\s*modules\s*$", s) or re.match(r"^\s*option\s+modules\b", s):
                return owner(lines, i, f)
    return "MODULES"

# ---- the pairs ----
base = os.path.join(work, "base.config")
modules_name = modules_symbol()
totals = dict(pairs=0, lines=0, attributed=0, roots=0, consequences=0, unexplained=0, unknown=0,
              steps=0, steps_ok=0, chain_errors=0, diff_mismatch=0, foreign_roots=0,
              hand_not_root=0, facts=0, failed_pairs=0)
times, cpus = [], []
prev_new = None
for i in range(n):
    rng = random.Random(seed * 100003 + i)
    old = os.path.join(work, "old%d.config" % i)
    new = os.path.join(work, "new%d.config" % i)
    src = prev_new if (i % 2 and prev_new) else base
    with open(src) as f:
        text = f.read()
    open(old, "w").write(text)
    vals = read_config(old)
    cands = [k for k, v in vals.items() if v in ("y", "m", "n")]
    ints = [k for k, v in vals.items() if re.fullmatch(r"[0-9]+", v)]
    yes = [k for k, v in vals.items() if v in ("y", "m")]
    edits = None
    for attempt in range(12):
        chosen = {}
        for _ in range(rng.randint(1, 3)):
            if ints and rng.random() < 0.12:
                s = rng.choice(ints)
                v = int(vals[s])
                chosen[s] = str(v * 2 if v else 1)
            else:
                # enabled symbols first: turning them off changes most
                s = rng.choice(yes if yes and rng.random() < 0.5 else cands)
                v = vals[s]
                if v == "y":
                    chosen[s] = "n" if rng.random() < 0.7 else "m"
                elif v == "m":
                    chosen[s] = rng.choice(["y", "n"])
                else:
                    chosen[s] = "y" if rng.random() < 0.7 else "m"
        out = []
        for line in text.split("\n"):
            m = re.match(r"^CONFIG_([A-Za-z0-9_]+)=|^# CONFIG_([A-Za-z0-9_]+) is not set$", line)
            name = m and (m.group(1) or m.group(2))
            if name in chosen:
                v = chosen[name]
                line = "# CONFIG_%s is not set" % name if v == "n" else "CONFIG_%s=%s" % (name, v)
            out.append(line)
        open(os.path.join(odir, ".config"), "w").write("\n".join(out))
        make("olddefconfig")
        newtext = open(os.path.join(odir, ".config")).read()
        if newtext != text:
            open(new, "w").write(newtext)
            edits = chosen
            break
    if edits is None:
        print("pair %d: no effective change found, skipped" % i)
        continue
    prev_new = new
    env = dict(os.environ, KFORGE_TIMING="1")
    t0 = time.time()
    r = subprocess.run([kforge, "diff", "--explain", "--json", "-C", ksrc, "O=" + odir,
                        "ARCH=" + arch, old, new], capture_output=True, text=True, env=env)
    wall = time.time() - t0
    if r.returncode:
        print("pair %d: kforge failed (%d): %s" % (i, r.returncode, r.stderr[-1000:]))
        totals["failed_pairs"] += 1
        continue
    m = re.search(r"changes explained in ([0-9.]+) s \(([0-9.]+) s of CPU\)", r.stderr)
    if m:
        times.append(float(m.group(1)))
        cpus.append(float(m.group(2)))
    res = json.loads(r.stdout)
    ref = diffconfig(old, new)
    got = {}
    problems = []
    for root in res["roots"]:
        got[root["name"]] = "root"
        for q in root["consequences"]:
            got.setdefault(q["name"], "consequence")
    for u in res["unexplained"]:
        got[u["name"]] = "unexplained"
        problems.append("unexplained %s %s -> %s: %s" % (u["name"], u["old"], u["new"], u["reason"]))
    for u in res["unknown"]:
        got[u["name"]] = "unknown"
        problems.append("unknown %s" % u["name"])
    if sorted(ref) != sorted(got) or res["summary"]["changes"] != len(ref):
        totals["diff_mismatch"] += 1
        problems.append("changed lines differ from diffconfig: missing %s, extra %s" %
                        (sorted(set(ref) - set(got))[:5], sorted(set(got) - set(ref))[:5]))
    changed = set(ref)
    nsteps = nok = 0
    for root in res["roots"]:
        if root["kind"] == "fact":
            # same toolchain on both sides: a hand change is the user's
            if root["name"] in edits:
                problems.append("hand change %s taken for a fact" % root["name"])
            else:
                totals["facts"] += 1
                problems.append("note: fact root %s (%s)" % (root["name"], root["reason"]))
        if root["kind"] == "user" and root["name"] not in edits:
            totals["foreign_roots"] += 1
            problems.append("note: root %s was not changed by hand (%s)" % (root["name"], root["reason"]))
        for q in root["consequences"]:
            ch = q["chain"]
            if not ch or ch[0]["from"] != root["name"] or ch[-1]["to"] != q["name"] or \
               any(a["to"] != b["from"] for a, b in zip(ch, ch[1:])):
                totals["chain_errors"] += 1
                problems.append("broken chain %s -> %s" % (root["name"], q["name"]))
            for st in ch:
                nsteps += 1
                why = check_step(st, modules_name)
                if why is None and st["from"] != "<choice>" and st["from"] not in changed:
                    why = "%s did not change" % st["from"]
                if why is None:
                    nok += 1
                    if verbose:
                        print("  ok   %s --%s%s (%s:%d)--> %s" % (st["from"], st["relation"],
                              " by " + st["via"] if st.get("via") else "", st["file"], st["line"], st["to"]))
                else:
                    problems.append("step %s --%s%s (%s:%d)--> %s: %s" %
                                    (st["from"], st["relation"], " by " + st["via"] if st.get("via") else "",
                                     st["file"], st["line"], st["to"], why))
    for s in edits:
        if s in changed and got.get(s) != "root":
            totals["hand_not_root"] += 1
            problems.append("note: %s was changed by hand but is %s" % (s, got.get(s)))
    s = res["summary"]
    totals["pairs"] += 1
    totals["lines"] += len(ref)
    totals["attributed"] += s["roots"] + s["consequences"]
    for k in ("roots", "consequences", "unexplained", "unknown"):
        totals[k] += s[k]
    totals["steps"] += nsteps
    totals["steps_ok"] += nok
    bad = s["unexplained"] or s["unknown"] or nok != nsteps or \
        any(not p.startswith("note:") for p in problems)
    print("pair %2d: %s; %d lines: %d roots, %d consequences, %d unexplained, %d unknown; "
          "steps %d/%d real; explain %.3f s (%.3f s CPU), %.2f s in all%s" %
          (i, " ".join("%s=%s" % kv for kv in sorted(edits.items())), len(ref), s["roots"],
           s["consequences"], s["unexplained"], s["unknown"], nok, nsteps,
           times[-1] if m else -1, cpus[-1] if m else -1, wall, "  FAIL" if bad else ""))
    for p in problems[:20]:
        print("    " + p)
    if bad:
        totals["failed_pairs"] += 1

t = totals
print("\n%s %s: %d pairs, %d changed lines, %d attributed (%d roots, %d consequences), "
      "%d unexplained, %d unknown; %d/%d chain steps verified real; %d chain errors, "
      "%d diffconfig mismatches; notes: %d roots not changed by hand, %d hand changes not roots, "
      "%d fact roots; "
      "explain time max %.3f s, mean %.3f s (CPU max %.3f s, mean %.3f s); %d failed pairs" %
      (ver, arch, t["pairs"], t["lines"], t["attributed"], t["roots"], t["consequences"],
       t["unexplained"], t["unknown"], t["steps_ok"], t["steps"], t["chain_errors"],
       t["diff_mismatch"], t["foreign_roots"], t["hand_not_root"], t["facts"],
       max(times) if times else -1, sum(times) / len(times) if times else -1,
       max(cpus) if cpus else -1, sum(cpus) / len(cpus) if cpus else -1, t["failed_pairs"]))
sys.exit(1 if t["failed_pairs"] or t["pairs"] == 0 else 0)
PYEOF
