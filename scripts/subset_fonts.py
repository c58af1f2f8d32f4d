#!/usr/bin/python3
"""Subsets a UI font to Latin for the web bundle, keeping only what Dear ImGui's
stb_truetype reads (cmap, glyf/loca, hmtx/hhea, head, maxp, kern).

    /usr/bin/python3 scripts/subset_fonts.py SOURCE.ttf OUTPUT.ttf

Text outside these ranges is drawn by the browser, so the app fetches far fewer bytes.
Needs Debian's python3-fonttools (Debian's /usr/bin/python3, not the pyenv one).
"""
import logging
import os
import sys

try:
    from fontTools import subset
    from fontTools.ttLib import TTFont
except ImportError:
    sys.exit(f"error: fontTools is not importable by {sys.executable}; install Debian's python3-fonttools "
             "(bash scripts/install.sh) and run this script with /usr/bin/python3")

# (first, last) code points, inclusive; only those the font has end up in the subset.
UNICODES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A
    (0x0192, 0x0192),  # ƒ
    (0x0218, 0x021B),  # Ș ș Ț ț (Romanian)
    (0x02C6, 0x02DD),  # spacing accents ˆ ˇ ˘ ˙ ˚ ˛ ˜ ˝
    (0x2000, 0x206F),  # General Punctuation: – — ‘ ’ “ ” • … ‰ ‹ ›
    (0x20A0, 0x20CF),  # currency: €
    (0x2100, 0x214F),  # letterlike: ™ № ℓ
    (0x2200, 0x22FF),  # the math Open Sans has: − ≤ ≥ ≈ ≠ ∞ (the policy's "≤ 4 hours")
    (0x25CA, 0x25CA),  # ◊
    (0xFFFD, 0xFFFD),  # ImGui's fallback glyph
]
# Tables stb_truetype reads, plus name (copyright and licence notice), OS/2 and post
# (a few hundred bytes) so the file stays a valid font for other tools.
KEEP_TABLES = {"cmap", "glyf", "loca", "hmtx", "hhea", "head", "maxp", "kern", "name", "OS/2", "post"}


# Open Sans's kern subtable overflows its 16-bit length field; fontTools reads it right
# anyway and says so on every build.
logging.getLogger("fontTools.ttLib.tables._k_e_r_n").setLevel(logging.ERROR)


def subset_font(source, output):
    options = subset.Options()
    options.hinting = False            # stb_truetype ignores TrueType instructions
    options.legacy_kern = True         # keep 'kern' although the font has a (tiny) GPOS
    options.layout_features = []       # no shaping: GSUB/GPOS are dropped below
    options.glyph_names = False        # post format 3
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 13, 14]  # copyright, names, version, trademark, licence
    options.name_languages = [0x409]
    options.prune_unicode_ranges = True
    font = TTFont(source, recalcTimestamp=False)
    options.drop_tables += sorted(set(font.keys()) - KEEP_TABLES - {"GlyphOrder"})
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[cp for first, last in UNICODES for cp in range(first, last + 1)])
    subsetter.subset(font)
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    temporary = output + ".tmp"
    font.save(temporary, reorderTables=True)
    os.replace(temporary, output)      # a failed run never leaves a half-written font
    return len(font.getGlyphOrder())


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: /usr/bin/python3 scripts/subset_fonts.py SOURCE.ttf OUTPUT.ttf")
    source, output = argv[1], argv[2]
    glyphs = subset_font(source, output)
    print(f"{os.path.basename(output)}: {glyphs} glyphs, {os.path.getsize(source) // 1024} KB -> "
          f"{os.path.getsize(output) // 1024} KB")


if __name__ == "__main__":
    main(sys.argv)
