#!/usr/bin/env python3
"""Attributes a wasm file's data section (linked with -C link-arg=--no-merge-data-segments, so
each static has its own segment, named in the "name" custom section's data-names subsection):
bytes per owner crate for mangled names, and the largest anonymous segments with their first
words, to guess what they hold. Usage: wasm_data.py FILE.wasm"""
import collections
import re
import struct
import sys

data = open(sys.argv[1], "rb").read()


def leb(i):
    result = shift = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


segments, names = [], {}
i = 8
while i < len(data):
    section = data[i]
    size, i = leb(i + 1)
    end = i + size
    if section == 11:  # data
        count, j = leb(i)
        for index in range(count):
            flags, j = leb(j)
            if flags == 2:
                _, j = leb(j)
            if flags in (0, 2):
                while data[j] != 0x0B:  # skip the offset expression
                    j += 1
                j += 1
            length, j = leb(j)
            segments.append((index, data[j : j + length]))
            j += length
    elif section == 0:  # custom: look for "name" / data names (subsection 9)
        name_len, j = leb(i)
        if data[j : j + name_len] == b"name":
            j += name_len
            while j < end:
                sub = data[j]
                sub_len, j = leb(j + 1)
                sub_end = j + sub_len
                if sub == 9:
                    count, k = leb(j)
                    for _ in range(count):
                        index, k = leb(k)
                        length, k = leb(k)
                        names[index] = data[k : k + length].decode("utf8", "replace")
                        k += length
                j = sub_end
    i = end

total = sum(len(d) for _, d in segments)
owners = collections.Counter()
for index, seg in segments:
    name = names.get(index, "?")
    mangled = re.search(r"_ZN(\d+)(\w+)", name)
    if mangled:
        owner = mangled.group(2)[: int(mangled.group(1))]
    elif "Lanon" in name:
        owner = "(anonymous constants)"
    else:
        owner = "(other: " + name[:40] + ")"
    owners[owner] += len(seg)
print(f"data section: {total:,} bytes in {len(segments):,} segments")
print("\nby owner (mangled symbol names):")
for owner, size in owners.most_common(15):
    print(f"  {size:>9,}  {owner}")
anonymous = sorted(((len(d), i, d) for i, d in segments if "Lanon" in names.get(i, "")), reverse=True)
small_text = sum(n for n, _, d in anonymous if n < 4096 and re.fullmatch(rb"[\x20-\x7e\x80-\xff\t\n]*", d))
print(f"\nanonymous: {sum(n for n, _, _ in anonymous):,} bytes; of which small text literals: {small_text:,}")
print("largest anonymous segments (first u32 words):")
for size, index, seg in anonymous[:10]:
    words = struct.unpack("<6I", seg[:24].ljust(24, b"\0"))
    print(f"  {size:>9,}  {words}")
