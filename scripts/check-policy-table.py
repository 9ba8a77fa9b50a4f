#!/usr/bin/env python3
"""Runs every verdict draft of a policy table through `exhibit policy` and compares the set of rule
ids that refuse it with the row's expectation.

Usage: scripts/check-policy-table.py [EXHIBIT_BINARY] [TABLE.jsonl]
  EXHIBIT_BINARY  default target/debug/exhibit (relative to the repository root)
  TABLE.jsonl     default tests/data/policy/adversarial.jsonl

Each table line is {"name": str, "expect": [rule ids] ([] = accepted), "draft": {...}}, where the
draft is the file format of `exhibit policy DRAFT.json`. Prints every disagreement with the engine's
messages, grouped by kind (expected rules -> got rules), then "N rows, M agree". Exits 0 when every
row agrees, 1 otherwise, 2 when the table or the binary cannot be used. Stdlib only.
"""
import json
import os
import subprocess
import sys
import tempfile
from collections import OrderedDict

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def resolve(path, default):
    path = path or default
    if os.path.isabs(path) or os.path.exists(path):
        return path
    return os.path.join(ROOT, path)


def read_table(path):
    rows = []
    with open(path, encoding="utf-8") as table:
        for number, line in enumerate(table, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                row = json.loads(line)
                name, expect, draft = row["name"], row["expect"], row["draft"]
            except (ValueError, KeyError, TypeError) as error:
                sys.exit(f"{path}:{number}: not a table row ({error})")
            if not isinstance(expect, list) or not isinstance(draft, dict):
                sys.exit(f"{path}:{number}: 'expect' must be a list and 'draft' an object")
            rows.append((number, name, set(expect), draft))
    names = [name for _, name, _, _ in rows]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        sys.exit(f"{path}: duplicate row names: {duplicates}")
    return rows


def run(binary, draft, directory):
    """Returns (rule ids, messages, error)."""
    path = os.path.join(directory, "draft.json")
    with open(path, "w", encoding="utf-8") as file:
        json.dump(draft, file, ensure_ascii=False)
    try:
        process = subprocess.run([binary, "policy", path], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, [], f"cannot run {binary}: {error}"
    try:
        answer = json.loads(process.stdout)
        violations = answer["violations"]
        rules = {violation["rule"] for violation in violations}
        messages = [f"{violation['rule']}: {violation['message']}" for violation in violations]
    except (ValueError, KeyError, TypeError):
        return None, [], f"exit {process.returncode}, stdout {process.stdout.strip()!r}, stderr {process.stderr.strip()!r}"
    if answer.get("accepted") != (not violations):
        messages.append(f"(inconsistent answer: accepted={answer.get('accepted')} with {len(violations)} violations)")
    return rules, messages, None


def label(rules):
    return ",".join(sorted(rules)) or "accepted"


def main():
    binary = resolve(sys.argv[1] if len(sys.argv) > 1 else None, os.path.join("target", "debug", "exhibit"))
    table = resolve(sys.argv[2] if len(sys.argv) > 2 else None, os.path.join("tests", "data", "policy", "adversarial.jsonl"))
    if not os.access(binary, os.X_OK):
        print(f"no executable at {binary}: build it first (cargo build --bin exhibit)", file=sys.stderr)
        return 2
    rows = read_table(table)
    groups = OrderedDict()
    agree = 0
    with tempfile.TemporaryDirectory(prefix="policy-table-") as directory:
        for number, name, expect, draft in rows:
            rules, messages, error = run(binary, draft, directory)
            if error is None and rules == expect:
                agree += 1
                continue
            kind = f"expected {label(expect)} -> got " + ("ERROR" if error else label(rules))
            groups.setdefault(kind, []).append((number, name, draft, messages, error))
    for kind, items in sorted(groups.items(), key=lambda item: -len(item[1])):
        print(f"== {kind} ({len(items)})")
        for number, name, draft, messages, error in items:
            print(f"  line {number}: {name}")
            shown = {key: draft[key] for key in ("verdict", "rationale", "reason") if key in draft}
            print(f"    draft: {json.dumps(shown, ensure_ascii=False)}")
            for message in messages:
                print(f"    - {message}")
            if error:
                print(f"    ! {error}")
    print(f"{len(rows)} rows, {agree} agree")
    return 0 if agree == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
