#!/usr/bin/env python3
"""gen-tree.py N OUTDIR [SEED] - write a synthetic Kconfig tree of about N
symbols into OUTDIR (top file OUTDIR/Kconfig).  Deterministic for a given
N and SEED (default 1).

Shape, modelled on the kernel's tree:
  * a MODULES symbol (`modules`), then a tree of directories, each with a
    Kconfig of ~100 symbols inside `menu ... endmenu` that `source`s its up to
    10 subdirectories (so ~10 files per directory, nesting ~log10(N/100));
  * types ~60% bool, ~30% tristate, ~4% int (with `range`), ~3% hex, ~3% string;
  * ~85% have a prompt; `depends on` 1-3 earlier symbols joined with && / ||
    (sometimes negated), picked mostly from the last ~2000 (locality);
  * `select` of promptless HAVE_/ARCH_-like helper symbols, `imply` of
    prompted tristate leaf symbols (neither is referenced by dependencies,
    so there are no recursive dependencies);
  * defaults, many with `if`; choices of 2-5 bools with a default; `if` blocks;
    `menuconfig` symbols followed by symbols depending on them (implicit
    submenus); multi-line help texts on ~half of the symbols.
"""
import os
import random
import sys

PER_FILE = 100
FANOUT = 10
WORDS = ("usb net dma pci gpio i2c spi acpi sound video crypto fs block scsi "
         "power clk irq mmc nand hid input serial rtc watchdog thermal regulator "
         "pinctrl phy iommu virtio xen kvm bpf trace debug").split()
HELP = ("This option enables support for the {w} subsystem feature number {i}. "
        "Say Y here if you want it built into the kernel, M to build it as a "
        "module, or N if you are unsure.").split()


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rnd = random.Random(seed)
    nfiles = max(1, (n + PER_FILE - 1) // PER_FILE)
    paths = {0: "."}
    for i in range(1, nfiles):
        paths[i] = f"{paths[(i - 1) // FANOUT]}/d{i}"
    os.makedirs(out, exist_ok=True)

    refs = []        # bool/tristate symbols usable in expressions
    sel_targets = []  # promptless helpers: select targets
    imp_targets = []  # tristate leaves: imply targets
    count = [0]

    def name(kind=""):
        count[0] += 1
        return f"{kind}{rnd.choice(WORDS).upper()}_{count[0]}"

    def pick():
        if not refs:
            return "MODULES"
        lo = max(0, len(refs) - 2000) if rnd.random() < 0.9 else 0
        return refs[rnd.randrange(lo, len(refs))]

    def expr(k=None):
        k = k or rnd.choice((1, 1, 1, 2, 2, 3))
        terms = []
        for _ in range(k):
            t = pick()
            if rnd.random() < 0.1:
                t = "!" + t
            terms.append(t)
        s = terms[0]
        for t in terms[1:]:
            op = " && " if rnd.random() < 0.7 else " || "
            s = f"({s}{op}{t})" if op == " || " and rnd.random() < 0.5 else s + op + t
        return s

    def helptext(lines, w, i):
        lines.append("\thelp")
        words = [x.format(w=w, i=i) for x in HELP] * rnd.choice((1, 1, 2, 3))
        for j in range(0, len(words), 10):
            lines.append("\t  " + " ".join(words[j:j + 10]))

    def symbol(lines, dep=None, kw="config"):
        r = rnd.random()
        typ = ("bool" if r < 0.60 else "tristate" if r < 0.90 else "int" if r < 0.94
               else "hex" if r < 0.97 else "string")
        if kw == "menuconfig":
            typ = "bool"
        nm = name()
        w = nm.split("_")[0].lower()
        prompt = kw == "menuconfig" or rnd.random() < 0.85
        lines.append(f"{kw} {nm}")
        lines.append(f'\t{typ} "{w} feature {count[0]}"' if prompt else f"\t{typ}")
        if dep:
            lines.append(f"\tdepends on {dep}")
        if rnd.random() < 0.8:
            lines.append(f"\tdepends on {expr()}")
        if typ == "tristate" and rnd.random() < 0.2:
            lines.append("\tdepends on MODULES || COMPILE_TEST")
        if typ in ("bool", "tristate"):
            if rnd.random() < 0.3:
                if rnd.random() < 0.6:
                    lines.append(f"\tdefault {rnd.choice(('y', 'm', 'n'))} if {expr(1)}")
                else:
                    lines.append(f"\tdefault {pick()}")
            if sel_targets and rnd.random() < 0.15:
                for _ in range(rnd.choice((1, 1, 2))):
                    t = rnd.choice(sel_targets[-500:])
                    lines.append(f"\tselect {t}" + (f" if {expr(1)}" if rnd.random() < 0.3 else ""))
            if imp_targets and rnd.random() < 0.05:
                lines.append(f"\timply {rnd.choice(imp_targets[-500:])}")
        elif typ == "int":
            lines.append("\trange 0 4096")
            lines.append(f"\tdefault {rnd.randrange(4096)} if {expr(1)}")
            lines.append(f"\tdefault {rnd.randrange(4096)}")
        elif typ == "hex":
            lines.append(f"\tdefault 0x{rnd.randrange(1 << 20):x}")
        else:
            lines.append(f'\tdefault "{w}-{count[0]}"')
        if rnd.random() < 0.5:
            helptext(lines, w, count[0])
        lines.append("")
        if typ in ("bool", "tristate") and prompt:
            refs.append(nm)
        return nm

    def helper(lines):
        nm = name("HAVE_")
        lines += [f"config {nm}", f"\t{rnd.choice(('bool', 'bool', 'tristate'))}", ""]
        sel_targets.append(nm)

    def leaf(lines):
        nm = name("LEAF_")
        lines += [f"config {nm}", f'\ttristate "leaf {count[0]}"', "\tdefault m", ""]
        imp_targets.append(nm)

    def choice(lines):
        k = rnd.randrange(2, 6)
        names = [name("CH_") for _ in range(k)]
        lines += ["choice", f'\tprompt "choice {count[0]}"']
        if rnd.random() < 0.5:
            lines.append(f"\tdepends on {expr(1)}")
        lines += [f"\tdefault {rnd.choice(names)}", ""]
        for nm in names:
            lines += [f"config {nm}", f'\tbool "option {nm}"', ""]
        lines += ["endchoice", ""]
        refs.extend(names)

    top = ["mainmenu \"Synthetic Kconfig tree: %d symbols, seed %d\"" % (n, seed), "",
           "config MODULES", '\tbool "Enable loadable module support"', "\tmodules",
           "\tdefault y", "",
           "config COMPILE_TEST", '\tbool "Compile also drivers which will not load"', "",
           "config SRCARCH", "\tstring", '\tdefault "synthetic"', ""]
    refs.append("MODULES")
    for f in range(nfiles):
        lines = top if f == 0 else []
        lines += [f'menu "Directory {paths[f]}"', ""]
        budget = min(PER_FILE, n - count[0]) if f < nfiles - 1 else n - count[0]
        end = count[0] + max(budget, 1)
        while count[0] < end:
            r = rnd.random()
            if r < 0.05:
                helper(lines)
            elif r < 0.07:
                leaf(lines)
            elif r < 0.09:
                choice(lines)
            elif r < 0.12:
                lines += [f"if {expr(1)}", ""]
                for _ in range(rnd.randrange(2, 6)):
                    symbol(lines)
                lines += ["endif", ""]
            elif r < 0.15:
                m = symbol(lines, kw="menuconfig")
                for _ in range(rnd.randrange(2, 8)):
                    symbol(lines, dep=m)
            else:
                symbol(lines)
        for c in range(FANOUT * f + 1, min(FANOUT * f + FANOUT + 1, nfiles)):
            lines.append(f'source "{paths[c][2:]}/Kconfig"')
        lines += ["", "endmenu", ""]
        d = os.path.join(out, paths[f])
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "Kconfig"), "w") as fh:
            fh.write("\n".join(lines))
    print(f"{out}: {count[0]} symbols in {nfiles} files", file=sys.stderr)


if __name__ == "__main__":
    main()
