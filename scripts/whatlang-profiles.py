#!/usr/bin/env python3
"""Writes crates/core/src/domain/language/trigrams.txt from whatlang's own trigram profiles.

whatlang (MIT) keeps each language's 300 most frequent trigrams as a Rust table of `Trigram(char,
char, char)` (12 bytes a trigram, ~180 KB in each wasm binary). `language::model` scores against
the same profiles through an inverted index; this script copies them, unchanged and in their
order, as one line per language: `<script>\t<ISO 639-3 code>\t<the 300 trigrams, 3 chars each>`.
Trigram characters are never tabs or newlines (whatlang turns every stop character into a space).

Usage: scripts/whatlang-profiles.py [path/to/whatlang-0.18.0/src/trigrams/profiles.rs]
(default: the copy in cargo's registry). `cargo test -p exhibit-core language::model` checks the
result against whatlang itself.
"""
import glob
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "crates", "core", "src", "domain", "language", "trigrams.txt")


def main():
    if len(sys.argv) > 1:
        path = sys.argv[1]
    else:
        found = sorted(glob.glob(os.path.expanduser("~/.cargo/registry/src/*/whatlang-0.18.0/src/trigrams/profiles.rs")))
        if not found:
            sys.exit("whatlang-0.18.0 is not in cargo's registry: run `cargo fetch` first, or pass the path")
        path = found[0]
    source = open(path, encoding="utf-8").read()
    lines = []
    script = None
    lang = None
    trigrams = []

    def flush():
        if lang is not None:
            if len(trigrams) != 300 or len(set(trigrams)) != 300:
                sys.exit(f"{lang}: {len(trigrams)} trigrams, {len(set(trigrams))} distinct (300 expected)")
            lines.append(f"{script}\t{lang}\t{''.join(trigrams)}")

    for line in source.splitlines():
        m = re.match(r"pub static (\w+)_LANGS: LangProfileList", line)
        if m:
            flush()
            lang, trigrams = None, []
            script = m.group(1).capitalize()
            continue
        m = re.match(r"\s*Lang::(\w+),\s*$", line)
        if m:
            flush()
            lang, trigrams = m.group(1).lower(), []
            continue
        m = re.match(r"\s*Trigram\('(.)', '(.)', '(.)'\),\s*$", line)
        if m:
            chars = m.groups()
            if any(c in "\t\n\\" for c in chars):
                sys.exit(f"unexpected character in {line!r}")
            trigrams.append("".join(chars))
        elif "Trigram(" in line:
            sys.exit(f"unread line: {line!r}")
    flush()
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    print(f"{len(lines)} profiles written to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
