#!/usr/bin/env python3
"""Converts the endoflife.date project's data into policies/eol-devices.yaml.

Usage: eol-devices-convert.py ENDOFLIFE_DATE_CHECKOUT SNAPSHOT_DATE > eol-devices.yaml

ENDOFLIFE_DATE_CHECKOUT is a checkout of
https://github.com/endoflife-date/endoflife.date (its products/*.md files
hold the data as YAML front matter); SNAPSHOT_DATE (YYYY-MM-DD) is the date
of that checkout's last commit (git log -1 --format=%cs), written into the
file so `portcullis policy lint` can warn when the snapshot grows old.
Needs python3-yaml (packaging/install-deps.sh).

The data converted is endoflife.date's, used under its MIT licence:

  Copyright 2020 endoflife.date contributors

  Permission is hereby granted, free of charge, to any person obtaining a
  copy of this software and associated documentation files (the
  "Software"), to deal in the Software without restriction, including
  without limitation the rights to use, copy, modify, merge, publish,
  distribute, sublicense, and/or sell copies of the Software, and to
  permit persons to whom the Software is furnished to do so, subject to
  the following conditions:

  The above copyright notice and this permission notice shall be included
  in all copies or substantial portions of the Software.

  THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS
  OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
  MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.
  IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY
  CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT,
  TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE
  SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""
import datetime
import os
import re
import sys

import yaml

LICENCE = __doc__[__doc__.index("  Copyright"):].rstrip().splitlines()


def front_matter(root, product):
    """The YAML front matter of products/PRODUCT.md."""
    path = os.path.join(root, "products", product + ".md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    parts = text.split("\n---", 1)
    if not text.startswith("---") or len(parts) < 2:
        sys.exit(f"{path}: no YAML front matter between --- lines")
    return yaml.safe_load(parts[0][3:])["releases"]


def day(value, where):
    """A date as YYYY-MM-DD, "ended" for eol: true, None for eol: false."""
    if value is True:
        return "ended"
    if value is False or value is None:
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    sys.exit(f"{where}: unexpected end-of-life value {value!r}")


def windows(root):
    """Windows releases keyed by build: Home/Pro (W), Enterprise and
    Education (E) and LTSC end dates. IoT editions are left out; paid
    Extended Security Updates are not support."""
    builds = {}
    for r in front_matter(root, "windows"):
        cycle, latest = str(r["releaseCycle"]), str(r.get("latest", ""))
        m = re.fullmatch(r"\d+\.\d+\.(\d+)", latest)
        if not m or cycle.endswith("-iot-lts") or "-iot" in cycle:
            continue
        label = re.sub(r"\s*\((E|W)\)|\s*IoT", "", str(r["releaseLabel"]))
        b = builds.setdefault(int(m.group(1)), {"release": label})
        end = day(r.get("eol"), f"windows {cycle}")
        if cycle.endswith("-e-lts"):
            b["ltsc_end"] = end
        elif cycle.endswith("-e"):
            b["enterprise_end"] = end
        elif cycle.endswith("-w"):
            b["home_pro_end"] = end
        else:
            b.setdefault("home_pro_end", end)
            b.setdefault("enterprise_end", end)
    for build, b in builds.items():
        # A release only offered as LTSC still has its one date.
        b.setdefault("home_pro_end", b.get("ltsc_end"))
        b.setdefault("enterprise_end", b.get("ltsc_end"))
    return sorted(builds.items(), reverse=True)


def cycles(root, product, name):
    """Apple and Android releases: cycle, name, latest version, end."""
    out = []
    for r in front_matter(root, product):
        cycle = str(r["releaseCycle"])
        if not re.fullmatch(r"\d+(\.\d+)*", cycle):
            continue  # e.g. Android "4.4w" (Wear): not a phone's version
        label = name + " " + cycle
        if r.get("codename"):
            label += " " + str(r["codename"])
        out.append({"cycle": cycle, "name": label,
                    "latest": str(r["latest"]) if r.get("latest") else None,
                    "end": day(r.get("eol"), f"{product} {cycle}")})
    return out


def q(s):
    """A YAML double-quoted string."""
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    if len(sys.argv) != 3 or not re.fullmatch(r"\d{4}-\d{2}-\d{2}",
                                              sys.argv[2]):
        sys.exit(__doc__.splitlines()[2])
    root, snapshot = sys.argv[1], sys.argv[2]
    w = sys.stdout.write
    w("# Device operating-system end-of-life data for the patch check\n"
      "# (checks/patch/device_eol.c). GENERATED: do not edit by hand; run\n"
      "#   policies/eol-devices-convert.py ENDOFLIFE_DATE_CHECKOUT DATE\n"
      "# on a fresh checkout of https://github.com/endoflife-date/endoflife.date\n"
      "# (products/windows.md, macos.md, ios.md, ipados.md, android.md).\n"
      "#\n"
      "# end / *_end: the last day of security updates; \"ended\" when the\n"
      "# source says support has ended without a date; absent while\n"
      "# supported. latest: the newest version of that release the source\n"
      "# knew on snapshot_date.\n"
      "#\n"
      "# Data from endoflife.date, under its MIT licence:\n#\n")
    for line in LICENCE:
        w(("#" + line[1:]).rstrip() + "\n")
    w("\nversion: 1\n")
    w(f"snapshot_date: {snapshot}\n")
    w("source: \"endoflife.date (github.com/endoflife-date/endoflife.date)\"\n")
    w("warn_days: 60              # device_os_unsupported_soon window\n")
    w("patch_level_max_days: 90   # Android security patch level age\n")
    w("windows:\n")
    for build, b in windows(root):
        w(f"  - {{build: {build}, release: {q(b['release'])}")
        for k in ("home_pro_end", "enterprise_end", "ltsc_end"):
            if b.get(k):
                w(f", {k}: {b[k]}")
        w("}\n")
    for product, name in (("macos", "macOS"), ("ios", "iOS"),
                          ("ipados", "iPadOS"), ("android", "Android")):
        w(f"{product}:\n")
        for c in cycles(root, product, name):
            w(f"  - {{cycle: {q(c['cycle'])}, name: {q(c['name'])}")
            if c["latest"]:
                w(f", latest: {q(c['latest'])}")
            if c["end"]:
                w(f", end: {c['end']}")
            w("}\n")


if __name__ == "__main__":
    main()
