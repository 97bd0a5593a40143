#!/usr/bin/env python3
"""Prints the include graph between the tree's folders: one line per edge
"FROM -> TO  (N includes)", folders being agent/lib, agent (the core),
agent/cli, agent/serve, checks/<name> and reporter; then any cycle between
folders. Usage: tests/include-graph.py [ROOT] (default: the tree this
script is in). Read-only; exits 0 (tests/check-layers.sh is the test)."""
import os
import re
import sys
from collections import defaultdict

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
ROOT = os.path.abspath(ROOT)
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def folder(rel):
    """The graph node of a path relative to ROOT, or None outside it."""
    parts = rel.split("/")
    if parts[0] == "agent":
        if len(parts) > 2 and parts[1] in ("lib", "cli", "serve"):
            return "agent/" + parts[1]
        return "agent"
    if parts[0] == "checks":
        return "checks/" + parts[1] if len(parts) > 2 else "checks"
    if parts[0] == "reporter":
        return "reporter"
    return None


def resolve(src_dir, inc):
    for base in (src_dir, ROOT):
        p = os.path.normpath(os.path.join(base, inc))
        if os.path.exists(p):
            return os.path.relpath(p, ROOT)
    return None


edges = defaultdict(int)
for top in ("agent", "checks", "reporter"):
    for dirpath, _, files in os.walk(os.path.join(ROOT, top)):
        for name in files:
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(dirpath, name)
            src = folder(os.path.relpath(path, ROOT))
            with open(path, encoding="utf-8", errors="replace") as f:
                for line in f:
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    target = resolve(dirpath, m.group(1))
                    dst = folder(target) if target else None
                    if dst and dst != src:
                        edges[(src, dst)] += 1

for (a, b), n in sorted(edges.items()):
    print("%-16s -> %-16s (%d include%s)" % (a, b, n, "" if n == 1 else "s"))

graph = defaultdict(set)
for a, b in edges:
    graph[a].add(b)
cycles, seen = [], set()


def walk(node, stack):
    for nxt in sorted(graph[node]):
        if nxt in stack:
            cyc = stack[stack.index(nxt):] + [nxt]
            key = frozenset(cyc)
            if key not in seen:
                seen.add(key)
                cycles.append(cyc)
        elif len(stack) < 12:
            walk(nxt, stack + [nxt])


for start in sorted(graph):
    walk(start, [start])
print("cycles between folders: %s" % ("; ".join(" -> ".join(c) for c in cycles) if cycles else "none"))
