#!/usr/bin/env python3
"""Turns glyphs-5x8.txt into the 8x16 hex table of ../ConsoleFont.cs (prints the C# string lines).

Each 5x8 design row becomes two 8-pixel rows: the 5 pixels sit in columns 1..5 and are emboldened one pixel to the right,
so every glyph is 6x16 with a two-pixel gap to the next cell."""
import pathlib

rows = {}
for line in (pathlib.Path(__file__).parent / "glyphs-5x8.txt").read_text().splitlines():
    if not line or line.startswith(";;"):
        continue
    key, *pattern = line.split()
    ch = " " if key == "SP" else key
    assert len(pattern) == 8 and all(len(p) == 5 for p in pattern), line
    rows[ord(ch)] = pattern

assert sorted(rows) == list(range(32, 127)), "need exactly ASCII 32..126"
for code in range(32, 127):
    out = []
    for p in rows[code]:
        bits = 0
        for i, c in enumerate(p):
            if c == "#":
                bits |= 0x80 >> (i + 1)
        bits |= bits >> 1
        out += [bits, bits]
    text = "".join(f"{b:02X}" for b in out)
    print(f'        "{text}", // {chr(code)!r}')
