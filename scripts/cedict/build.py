#!/usr/bin/env python3
"""Builds internal/matching/data/cedict.tsv from a CC-CEDICT file.

Usage: scripts/cedict/build.py CEDICT_TS_U8 > internal/matching/data/cedict.tsv

CC-CEDICT (https://cc-cedict.org, MDBG) is licensed CC BY-SA 4.0; the
glossary is an adaptation of it under the same licence (see
internal/matching/data/README.md). Its lines are the standard format:
`傳統 传统 [chuan2 tong3] /gloss/gloss/`.

Kept: simplified headwords of one to six Han characters with their short
English glosses (four words or fewer, after parentheses, classifiers, "to "
and cross-references are taken out). A headword of one character keeps at
most its first three glosses of two words or fewer, and no verb, and only
those that name goods, that is hold a word of the HS nomenclature's English
text or of the lexicon's English terms: one character means many things, and
the matcher reads it only where no longer word of the glossary is found. A
longer headword means what its glosses say, goods or not: the print, the
animal, the finish a declared name states (北极熊 "polar bear", 贴花 "decalcomania")
tell one firm's goods from another's as well as the goods' own words do.
"""
import csv
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
HAN = re.compile(r"^[\u4e00-\u9fff]{1,6}$")
SKIP = re.compile(r"^(surname|variant of|old variant|see |abbr\.|also written|used in|Taiwan pr|pr\. |CL:|"
                  r"erhua variant|japanese variant|archaic|classifier|radical|(?:\w+ )?name of|"
                  r"component in|phonetic)", re.I)
WORD = re.compile(r"[a-z]+")
STOP = {"a", "an", "the", "of", "and", "or", "for", "with", "in", "on", "to", "by", "from", "as", "at", "etc",
        "sth", "sb", "one", "kind", "type", "sort", "used", "made", "thing", "something", "someone", "lit", "fig",
        "away", "off", "out", "up", "down", "over", "under", "between", "wedged", "into", "onto", "shaped", "like",
        "very", "all", "each", "every", "other", "some", "any", "this", "that", "not", "no", "general", "various"}


def vocabulary():
    words = set()
    with open(os.path.join(ROOT, "internal/catalog/data/hs.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            words.update(WORD.findall(row["name_en"].lower()))
    with open(os.path.join(ROOT, "internal/matching/data/lexicon.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["lang"] == "en":
                words.update(WORD.findall(row["term"].lower()))
    return {w for w in words if len(w) >= 3 and w not in STOP}


def glosses(defs, single):
    out = []
    for d in defs:
        d = d.strip()
        if not d or SKIP.search(d):
            continue
        d = re.sub(r"\([^)]*\)", " ", d)
        d = re.sub(r"\[[^\]]*\]", " ", d)
        d = d.split(",")[0] if single else d
        d = d.strip().lower()
        if d.startswith("to "):
            if single:
                continue
            d = d[3:]
        ws = [w for w in WORD.findall(d) if w not in STOP]
        if not ws or len(ws) > (2 if single else 4):
            continue
        phrase = " ".join(ws)
        if phrase not in out:
            out.append(phrase)
    return out[:3] if single else out


def main():
    vocab = vocabulary()
    entries = {}
    line = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
    with open(sys.argv[1], encoding="utf-8") as f:
        for raw in f:
            if raw.startswith("#"):
                continue
            m = line.match(raw)
            if not m:
                continue
            simp = m.group(2)
            if not HAN.match(simp) or m.group(3)[:1].isupper():  # proper names have capitalised pinyin
                continue
            gs = glosses(re.split(r"[/;]", m.group(4)), len(simp) == 1)
            gs = [g for g in gs if len(simp) > 1 or any(w in vocab for w in g.split())]
            if not gs:
                continue
            have = entries.setdefault(simp, [])
            for g in gs:
                if g not in have:
                    have.append(g)
    w = sys.stdout
    w.write("zh\ten\n")
    for simp in sorted(entries):
        w.write(simp + "\t" + "|".join(entries[simp]) + "\n")


if __name__ == "__main__":
    main()
