#!/usr/bin/env bash
# tests/explain/kernel-info.sh VERSION ARCH [N [BASE...]]
#
# Does `kforge info` agree with the kernel's own description of symbols?
# The kernel's conf prints, for each new symbol of `make helpnewconfig`,
# the block menuconfig's search and help show ("Symbol:", "Type  :",
# "Range :", "Defined at", "Prompt:", "Depends on:", "Visible if:",
# "Location:", "Selects:", "Selected by [y/m/n]:", "Implies:",
# "Implied by ...").  Every visible symbol without a value in .config is
# new.  N of those symbols (default 300; 0: all) are sampled, `kforge info
# --json` is asked about them on the same tree and .config, the block is
# rebuilt from the JSON, and each part is compared with the kernel's:
# defined-at, prompt, depends-on/visible-if, location, selected-by, and the
# rest of the block.
#
# BASE is the .config the symbols are new to (default: all three):
#   empty    an empty .config (what a fresh tree shows)
#   allyes   `make allyesconfig` with half of the lines of symbols nothing
#            depends on removed: symbols deep in the menus, y/m values
#   kconfig  not conf's text but the Kconfig files themselves, for all
#            symbols (conf describes only visible ones): the files the
#            kernel read (its include/config/auto.conf.cmd after `make
#            syncconfig`) are scanned for 'config X' lines and 'select X' /
#            'imply X' inside each entry; compared with kforge's
#            definitions (file:line) and selected-by / implied-by symbols
#
# Prints the disagreements and a summary line per BASE
#     kernel-info VERSION ARCH BASE: M/T symbols agree (defined_at a, ...)
# and exits non-zero on any disagreement.  Details: WORK/BASE/mismatches.txt.
#
# The kernel tree is $KFORGE_KSRC_DIR/linux-source-VERSION (default
# /work/kclean); it is only read: the kernel's make runs with O= in
# $KFORGE_KINFO_WORK/VERSION-ARCH (default /tmp/kforge-kinfo).
# KFORGE: the kforge binary (default ./kforge of this repo).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
if [ $# -lt 2 ]; then
	sed -n '2,/^set /p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
	exit 2
fi
ver=$1 arch=$2 n=${3:-300}
shift $(( $# < 3 ? $# : 3 ))
bases=("$@")
[ ${#bases[@]} -gt 0 ] || bases=(empty allyes kconfig)
ksrc=${KFORGE_KSRC_DIR:-/work/kclean}/linux-source-$ver
kforge=${KFORGE:-$repo/kforge}
work=${KFORGE_KINFO_WORK:-/tmp/kforge-kinfo}/$ver-$arch
[ -f "$ksrc/Makefile" ] || { echo "kernel-info: no kernel tree at $ksrc" >&2; exit 2; }
[ -x "$kforge" ] || { echo "kernel-info: no kforge binary at $kforge" >&2; exit 2; }
mkdir -p "$work"
O=$work/o
mkdir -p "$O"

unset MAKELEVEL MAKEFLAGS MFLAGS MAKEOVERRIDES GNUMAKEFLAGS KCONFIG_CONFIG
kmake() {	# kmake LOG TARGET: the kernel's make in our O dir
	local log=$1; shift
	make -s -C "$ksrc" O="$O" ARCH="$arch" "$@" </dev/null 2>"$log"
}

compare() {	# compare BASE: kernel.txt and the .config in O are ready
python3 - "$work/$1" "$n" "$kforge" "$ksrc" "$O" "$arch" "$ver $arch $1" <<'PY'
import json, subprocess, sys

work, n, kforge, ksrc, odir, arch, title = sys.argv[1:]
n = int(n)

def kernel_blocks(text):
    """name -> the get_symbol_str block (lines) of each symbol conf described."""
    blocks = {}
    for chunk in text.split("-----\n"):
        lines = chunk.split("\n")
        start = None
        for i, line in enumerate(lines):
            if line.startswith("Symbol: ") and i + 1 < len(lines) and lines[i + 1].startswith("Type  : "):
                start = i
        if start is None:
            continue
        body = []
        for line in lines[start:]:
            if line == "":
                break
            body.append(line)
        name = body[0][len("Symbol: "):].rsplit(" [=", 1)[0]
        blocks.setdefault(name, body)
    return blocks

def sections(block):
    """Split a block into the parts we score: header, definitions, selects..., etc."""
    parts = {"header": [], "defined_at": [], "prompt": [], "depends_on": [], "location": [],
             "selects": [], "selected_by": [], "implies": [], "implied_by": []}
    cur = "header"
    for line in block:
        if line.startswith("Defined at "):
            parts["defined_at"].append(line)
            cur = "def"
        elif cur in ("def", "location") and line.startswith("  Prompt: "):
            parts["prompt"].append(line)
            cur = "def"
        elif cur in ("def", "location") and (line.startswith("  Depends on: ") or line.startswith("  Visible if: ")):
            parts["depends_on"].append(line)
            cur = "def"
        elif cur in ("def", "location") and line == "  Location:":
            parts["location"].append(line)
            cur = "location"
        elif cur == "location" and line.startswith("    ") and "-> " in line:
            parts["location"].append(line)
        elif line.startswith("Selects: "):
            parts["selects"].append(line)
            cur = "selects"
        elif line.startswith("Selected by ["):
            parts["selected_by"].append(line)
            cur = "selected_by"
        elif line.startswith("Implies: "):
            parts["implies"].append(line)
            cur = "implies"
        elif line.startswith("Implied by ["):
            parts["implied_by"].append(line)
            cur = "implied_by"
        elif cur in ("selected_by", "implied_by") and line.startswith("  - "):
            parts[cur].append(line)
        elif cur == "header":
            parts["header"].append(line)
        else:
            parts.setdefault("other", []).append(line)
    return parts

def rebuild(sym):
    """The kernel's block, written from kforge's JSON."""
    out = ["Symbol: %s [=%s]" % (sym["name"], sym["value"]), "Type  : %s" % sym["type"]]
    if sym["type"] in ("integer", "hex") and sym["range"] is not None:
        out.append("Range : %s" % sym["range"])
    defs = sym["definitions"]
    for d in [d for d in defs if d["prompt"] is not None]:
        out.append("Defined at %s:%d" % (d["file"], d["line"]))
        out.append("  Prompt: %s" % d["prompt"])
        if d["depends_on"] is not None:
            out.append("  Depends on: %s" % d["depends_on"])
        if d["visible_if"] is not None:
            out.append("  Visible if: %s" % d["visible_if"])
        out.append("  Location:")
        steps = d["location"][-8:]	# the kernel shows at most 8 levels
        for j, s in enumerate(steps):
            text = " " * (2 * j + 3) + " -> " + s["prompt"]
            if s["symbol"] is not None or s["choice"]:
                text += " (%s [=%s])" % ("<choice>" if s["choice"] else s["symbol"], s["value"])
            out.append(text)
    for d in [d for d in defs if d["prompt"] is None]:
        out.append("Defined at %s:%d" % (d["file"], d["line"]))
        if d["depends_on"] is not None:
            out.append("  Depends on: %s" % d["depends_on"])
    def with_value(st):
        return "%s [=%s]" % (st["symbol"], st["value"]) if st.get("value") is not None else st["symbol"]
    if sym["selects"]:
        out.append("Selects: " + " && ".join(with_value(s) for s in sym["selects"]))
    for key, title in (("selected_by", "Selected by"), ("implied_by", None)):
        if key == "implied_by":
            if sym["implies"]:
                out.append("Implies: " + " && ".join(with_value(s) for s in sym["implies"]))
            title = "Implied by"
        for v in "ymn":
            terms = [t for t in sym[key] if t["value"] == v]
            if terms:
                out.append("%s [%s]:" % (title, v))
                out.extend("  - " + t["expr"] for t in terms)
    return out

kernel = kernel_blocks(open(work + "/kernel.txt", encoding="utf-8", errors="surrogateescape").read())
names = sorted(kernel)
if not names:
    print("kernel-info %s: the kernel's conf described no symbols" % title)
    sys.exit(2)

# The sample: symbols with reverse dependencies or several definitions are
# the interesting ones, so half of the sample comes from them when possible.
def spread(items, k):
    if k >= len(items):
        return list(items)
    return [items[(i * len(items)) // k] for i in range(k)]
if n <= 0 or n >= len(names):
    sample = names
else:
    rich = [s for s in names if any(l.startswith(("Selected by", "Implied by")) for l in kernel[s])
            or sum(l.startswith("Defined at") for l in kernel[s]) > 1]
    first = spread(rich, min(len(rich), n // 2))
    chosen = set(first)
    rest = [s for s in names if s not in chosen]
    sample = sorted(first + spread(rest, n - len(first)))

cmd = [kforge, "info", "-C", ksrc, "O=" + odir, "ARCH=" + arch, "--json"] + sample
res = subprocess.run(cmd, capture_output=True, cwd=work)
if res.returncode != 0:
    print("kernel-info %s: kforge info failed (%d): %s" % (title, res.returncode,
          res.stderr.decode(errors="replace")[-2000:]))
    sys.exit(1)
doc = json.loads(res.stdout.decode("utf-8", errors="surrogateescape"))
ours = {s["name"]: s for s in doc["symbols"]}

fields = ["defined_at", "prompt", "depends_on", "location", "selected_by", "header",
          "selects", "implies", "implied_by"]
agree = {f: 0 for f in fields}
whole = 0
with open(work + "/mismatches.txt", "w") as log:
    for name in sample:
        k = sections(kernel[name])
        if name not in ours:
            print("MISSING %s" % name)
            log.write("MISSING %s\n" % name)
            continue
        rebuilt = rebuild(ours[name])
        o = sections(rebuilt)
        bad = [f for f in fields if k.get(f) != o.get(f)]
        if k.get("other") or o.get("other"):
            bad.append("other")
        for f in fields:
            if f not in bad:
                agree[f] += 1
        if not bad:
            whole += 1
            continue
        print("DIFF %s (%s)" % (name, ", ".join(bad)))
        log.write("==== %s (%s)\n--- kernel\n%s\n--- kforge\n%s\n" %
                  (name, ", ".join(bad), "\n".join(kernel[name]), "\n".join(rebuilt)))

total = len(sample)
print("kernel-info %s: %d/%d symbols agree (%s); %d symbols described by the kernel" %
      (title, whole, total, ", ".join("%s %d" % (f, agree[f]) for f in fields), len(names)))
sys.exit(0 if whole == total else 1)
PY
}

compare_kconfig() {	# the kconfig BASE: auto.conf.cmd and .config in O are ready
python3 - "$work/kconfig" "$n" "$kforge" "$ksrc" "$O" "$arch" "$ver $arch kconfig" <<'PY'
import json, re, subprocess, sys

work, n, kforge, ksrc, odir, arch, title = sys.argv[1:]
n = int(n)

files = []
for line in open(odir + "/include/config/auto.conf.cmd"):
    m = re.match(r"^\t(\S+) \\$", line)
    if m:
        files.append(m.group(1))

entry_re = re.compile(r"^\s*(?:menuconfig|config)\s+([A-Za-z0-9_]+)\s*(?:#.*)?$")
other_re = re.compile(r"^\s*(?:choice|endchoice|comment|menu|endmenu|if|endif|source|mainmenu)\b")
link_re = re.compile(r"^\s*(select|imply)\s+([A-Za-z0-9_]+)")
help_re = re.compile(r"^\s*(?:help|---help---)\s*$")

def width(line):
    return len(line.expandtabs(8)) - len(line.expandtabs(8).lstrip())

defs, selected_by, implied_by = {}, {}, {}
for f in files:
    path = f if f.startswith("/") else ksrc + "/" + f
    current, in_help, help_indent = None, False, None
    raw = open(path, encoding="utf-8", errors="replace").read().split("\n")
    lineno = 0
    while lineno < len(raw):
        line = raw[lineno]
        lineno += 1
        start = lineno
        # a trailing backslash continues the line ("select X \\ <newline> if Y")
        while line.endswith("\\") and not in_help and lineno < len(raw):
            line = line[:-1] + raw[lineno]
            lineno += 1
        if in_help:
            if not line.strip():
                continue
            if help_indent is None:
                help_indent = width(line)
                continue
            if width(line) >= help_indent:
                continue
            in_help = False
        if help_re.match(line):
            in_help, help_indent = True, None
            continue
        m = entry_re.match(line)
        if m:
            current = m.group(1)
            defs.setdefault(current, []).append("%s:%d" % (f, start))
            continue
        if other_re.match(line):
            current = None
            continue
        m = link_re.match(line)
        if m and current:
            (selected_by if m.group(1) == "select" else implied_by).setdefault(m.group(2), []).append(current)

names = sorted(defs)
def spread(items, k):
    if k >= len(items):
        return list(items)
    return [items[(i * len(items)) // k] for i in range(k)]
if n <= 0 or n >= len(names):
    sample = names
else:
    rich = [s for s in names if s in selected_by or s in implied_by or len(defs[s]) > 1]
    first = spread(rich, min(len(rich), n // 2))
    chosen = set(first)
    sample = sorted(first + spread([s for s in names if s not in chosen], n - len(first)))

res = subprocess.run([kforge, "info", "-C", ksrc, "O=" + odir, "ARCH=" + arch, "--json"] + sample,
                     capture_output=True, cwd=work)
if res.returncode != 0:
    print("kernel-info %s: kforge info failed (%d): %s" % (title, res.returncode,
          res.stderr.decode(errors="replace")[-2000:]))
    sys.exit(1)
ours = {s["name"]: s for s in json.loads(res.stdout.decode("utf-8", errors="surrogateescape"))["symbols"]}

fields = ["defined_at", "selected_by", "implied_by"]
agree = {f: 0 for f in fields}
whole = 0
with open(work + "/mismatches.txt", "w") as log:
    for name in sample:
        o = ours.get(name)
        if o is None:
            print("MISSING %s" % name)
            log.write("MISSING %s\n" % name)
            continue
        # a file sourced twice defines its symbols twice at the same place
        # (6.1's Documentation/Kconfig); auto.conf.cmd lists it once
        want = {"defined_at": sorted(set(defs[name])),
                "selected_by": sorted(selected_by.get(name, [])),
                "implied_by": sorted(implied_by.get(name, []))}
        got = {"defined_at": sorted(set("%s:%d" % (d["file"], d["line"]) for d in o["definitions"])),
               "selected_by": sorted(str(t["symbol"]) for t in o["selected_by"]),
               "implied_by": sorted(str(t["symbol"]) for t in o["implied_by"])}
        bad = [f for f in fields if want[f] != got[f]]
        for f in fields:
            if f not in bad:
                agree[f] += 1
        if not bad:
            whole += 1
            continue
        print("DIFF %s (%s)" % (name, ", ".join(bad)))
        log.write("==== %s\n" % name + "".join("%s: Kconfig files %s, kforge %s\n" % (f, want[f], got[f]) for f in bad))

total = len(sample)
print("kernel-info %s: %d/%d symbols agree (%s); %d symbols in %d Kconfig files" %
      (title, whole, total, ", ".join("%s %d" % (f, agree[f]) for f in fields), len(names), len(files)))
sys.exit(0 if whole == total else 1)
PY
}

status=0
for base in "${bases[@]}"; do
	mkdir -p "$work/$base"
	case $base in
	empty)
		: >"$O/.config" ;;
	allyes)
		rm -f "$O/.config"
		if ! kmake "$work/$base/allyes.err" allyesconfig >/dev/null; then
			echo "kernel-info: make allyesconfig failed, see $work/$base/allyes.err" >&2
			status=2; continue
		fi
		# Half of the symbols nothing depends on lose their line and
		# become new; those others depend on keep theirs, so the menus
		# stay open as allyesconfig has them.
		find "$ksrc" -name 'Kconfig*' -type f -print0 |
			xargs -0 grep -hE '^[[:space:]]*(depends on|if|visible if)[[:space:]]' |
			grep -oE '[A-Za-z0-9_]+' | sort -u >"$work/$base/depended-on"
		awk 'NR == FNR { dep[$1] = 1; next }
		     /^(# )?CONFIG_/ {
			name = $0; sub(/^# /, "", name); sub(/^CONFIG_/, "", name); sub(/[= ].*/, "", name)
			if (!(name in dep) && k++ % 2) next
		     }
		     { print }' "$work/$base/depended-on" "$O/.config" >"$O/.config.half"
		mv "$O/.config.half" "$O/.config" ;;
	kconfig)
		: >"$O/.config"
		rm -f "$O/include/config/auto.conf.cmd"
		if ! kmake "$work/$base/syncconfig.err" syncconfig >/dev/null; then
			echo "kernel-info: make syncconfig failed, see $work/$base/syncconfig.err" >&2
			status=2; continue
		fi
		cp "$O/include/config/auto.conf.cmd" "$work/$base/"
		compare_kconfig || { [ $status = 0 ] && status=1; }
		continue ;;
	*)
		echo "kernel-info: unknown BASE '$base' (empty, allyes or kconfig)" >&2
		status=2; continue ;;
	esac
	cp "$O/.config" "$work/$base/config"
	# the kernel's side: its conf under its make
	if ! kmake "$work/$base/kernel.err" helpnewconfig >"$work/$base/kernel.txt"; then
		echo "kernel-info: make helpnewconfig failed, see $work/$base/kernel.err" >&2
		status=2; continue
	fi
	cp "$work/$base/config" "$O/.config"	# unchanged, but be sure
	compare "$base" || { [ $status = 0 ] && status=1; }
done
exit $status
