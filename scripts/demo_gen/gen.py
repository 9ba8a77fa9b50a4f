#!/usr/bin/env python3
"""One-off generator for static/demo (not shipped). Writes captures + case.json."""
import json, os, shutil, sys

ROOT = "/work/main/static/demo"
CAP = os.path.join(ROOT, "captures")

from sites import SITES  # noqa: E402


def main():
    if os.path.isdir(CAP):
        shutil.rmtree(CAP)
    os.makedirs(CAP)
    dirs = []
    for c in SITES:
        d = os.path.join(CAP, c["dir"])
        os.makedirs(d)
        with open(os.path.join(d, "page.html"), "w", encoding="utf-8") as f:
            f.write(c["html"])
        man = {"schema_version": 1, "url": c["url"], "captured_at": c["captured_at"],
               "tool": "exhibit-demo", "html": "page.html", "screenshot": "screenshot.png"}
        with open(os.path.join(d, "manifest.json"), "w", encoding="utf-8") as f:
            json.dump(man, f, ensure_ascii=False, indent=2)
            f.write("\n")
        dirs.append("captures/" + c["dir"])
    case = {"schema_version": 1, "name": "Demo: a 40-site list",
            "allegations": ["allegations.txt"], "captures": dirs}
    with open(os.path.join(ROOT, "case.json"), "w", encoding="utf-8") as f:
        json.dump(case, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(len(dirs), "captures")


if __name__ == "__main__":
    main()
