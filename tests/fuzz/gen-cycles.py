#!/usr/bin/env python3
"""gen-cycles.py SEED: a random Kconfig tree (see kconfig-vs-kernel.sh)."""
import random, sys
seed = int(sys.argv[1]); r = random.Random(seed)
n = r.randint(6, 30)
names = [f"S{i}" for i in range(n)]
out = []
# odd seeds: any symbol anywhere (cycles); even seeds: only earlier ones
acyclic = seed % 2 == 0
cur = None	# index of the symbol whose body is being written
def pick():
    limit = i if cur is None else cur
    return r.choice(names[:max(limit, 1)] if acyclic else names)
def pick_target():
    # 'S selects X' makes X depend on S: acyclic trees select later symbols
    return r.choice(names[i:] if acyclic and i < n else names)
def expr(depth=0):
    k = r.random()
    if depth > 2 or k < 0.5:
        s = pick()
        return ("!" if r.random() < 0.2 else "") + s
    op = r.choice(["&&", "||"])
    return f"({expr(depth+1)} {op} {expr(depth+1)})"
i = 0
def block(depth):
    global i
    while i < n and r.random() < 0.9:
        k = r.random()
        if k < 0.12 and depth < 3:
            out.append(f"menu \"M{i}\"\n\tdepends on {expr()}\n"); block(depth+1); out.append("endmenu\n")
        elif k < 0.22 and depth < 3:
            out.append(f"if {expr()}\n"); block(depth+1); out.append("endif\n")
        elif k < 0.28 and depth < 3:
            out.append(f"choice\n\tprompt \"C{i}\"\n" + (f"\tdepends on {expr()}\n" if r.random()<0.5 else ""))
            for _ in range(r.randint(1, 3)):
                if i >= n: break
                out.append(f"config {names[i]}\n\tbool \"p{i}\"\n" + (f"\tdepends on {expr()}\n" if r.random()<0.3 else "")); i += 1
            out.append("endchoice\n")
        else:
            if i >= n: break
            global cur
            cur = i
            s = names[i]; i += 1
            t = r.choice(["bool", "tristate", "bool"])
            body = f"config {s}\n\t{t}" + (f" \"p {s}\"" if r.random() < 0.7 else "") + "\n"
            for _ in range(r.randint(0, 2)):
                kk = r.random()
                if kk < 0.5: body += f"\tdepends on {expr()}\n"
                elif kk < 0.75: body += f"\tselect {pick_target()}" + (f" if {expr()}" if r.random()<0.3 else "") + "\n"
                elif kk < 0.85: body += f"\timply {pick_target()}\n"
                else: body += f"\tdefault {expr()}\n"
            cur = None
            out.append(body)
block(0)
while i < n:
    out.append(f"config {names[i]}\n\tbool \"p\"\n\tdepends on {expr()}\n"); i += 1
out.append("config MODULES\n\tbool \"modules\"\n\tmodules\n")
print("".join(out))
