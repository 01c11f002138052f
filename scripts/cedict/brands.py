#!/usr/bin/env python3
"""Builds internal/matching/data/brandnames.csv from a CC-CEDICT file.

Usage: scripts/cedict/brands.py CEDICT_TS_U8 > internal/matching/data/brandnames.csv

CC-CEDICT (https://cc-cedict.org, MDBG) is licensed CC BY-SA 4.0; the table
is an adaptation of it under the same licence (see
internal/matching/data/README.md). Its lines are the standard format:
`傳統 传统 [chuan2 tong3] /gloss/gloss/`.

Kept: proper names (capitalised pinyin) of two to six Han characters one of
whose glosses calls them a brand, a company, a maker or a retailer
("Giant Manufacturing, Taiwanese bicycle manufacturer", "Shimano (brand)",
"Wal-Mart, Walmart (retailer)"). The English names are the gloss's parts
before its first bracket, each a name (every word capitalised, a number,
"&" or a joining word), of four words or fewer; a name ending in a legal or
trade word ("Manufacturing", "Inc.") is also kept without it. Accents are
dropped ("Nestlé" as Nestle).
"""
import re
import sys
import unicodedata

HAN = re.compile(r"^[\u4e00-\u9fff]{2,6}$")
LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
KIND = re.compile(r"\b(?:brand|company|manufacturer|maker|retailer|corporation|conglomerate|inc|car make|automaker|"
                  r"supermarket chain|retail chain)\b", re.I)
# Glosses that name no seller of goods, or no name at all.
NOT_GOODS = re.compile(r"\b(?:dance|media|broadcast\w*|television|radio|airline|bank\w*|telecom\w*|web portal|"
                       r"newspaper|film company|opera|theatre|theater|ratings|common name)\b", re.I)
JOIN = {"&", "and", "of", "de", "du", "la", "le", "von", "van", "der", "the"}
TRADE = {"manufacturing", "company", "corporation", "corp", "corp.", "inc", "inc.", "group", "co", "co.", "ltd",
         "ltd.", "ag", "gmbh", "plc", "llc", "sa", "s.a.", "holdings", "industries", "international"}
NAME = re.compile(r"^[A-Za-z0-9&'.! -]+$")


def ascii_only(s):
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def is_name(part):
    ws = part.split()
    if not ws or len(ws) > 4 or not NAME.match(part):
        return False
    if ws[0].lower() in JOIN or all(w.lower() in TRADE for w in ws):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in JOIN for w in ws)


def names(gloss):
    head = ascii_only(gloss.split("(")[0]).strip()
    out = []
    for part in head.split(","):
        part = part.strip().rstrip(".") if part.strip().endswith("..") else part.strip()
        if not is_name(part):
            continue
        for n in (part, " ".join(w for w in part.split() if w.lower() not in TRADE)):
            n = n.strip()
            if n and is_name(n) and n not in out:
                out.append(n)
    return out


# Brands of the goods Hunan's factories make for foreign owners — vehicles
# and their parts, bicycles, sports goods, toys, batteries — by the Chinese
# names their owners sell under in China, kept by riskgate (source trade):
# makers whose CC-CEDICT gloss is the bare name, with no word saying it is
# a maker ("Yamaha", "Honda (Japanese name)"), and brands CC-CEDICT does not
# list, or lists only as a common word (闪电, lightning, is Specialized's).
TRADE_ROWS = {
    "雅马哈": ["Yamaha"], "本田": ["Honda"], "铃木": ["Suzuki"], "川崎": ["Kawasaki"], "索尼": ["Sony"],
    "闪电": ["Specialized"], "崔克": ["Trek"], "美利达": ["Merida"], "斯科特": ["Scott"], "速联": ["SRAM"],
    "佳能戴尔": ["Cannondale"], "金鸡": ["Rossignol"], "萨洛蒙": ["Salomon"], "费雪": ["Fisher-Price"],
    "美泰": ["Mattel"], "孩之宝": ["Hasbro"], "迪卡侬": ["Decathlon"], "理士": ["Leoch"], "亚瑟士": ["ASICS"],
    "彪马": ["Puma"], "斯伯丁": ["Spalding"], "威尔胜": ["Wilson"], "庞巴迪": ["Bombardier", "BRP"],
    "派乐腾": ["Peloton"], "北面": ["The North Face", "North Face"], "哥伦比亚": ["Columbia"],
    "哈雷戴维森": ["Harley-Davidson"],
    "龟田": ["Kameda"],
    "九号": ["Ninebot", "Segway"],
}


def main():
    entries = {}
    with open(sys.argv[1], encoding="utf-8") as f:
        for raw in f:
            if raw.startswith("#"):
                continue
            m = LINE.match(raw)
            if not m or not HAN.match(m.group(2)) or not m.group(3)[:1].isupper():
                continue
            for gloss in m.group(4).split("/"):
                if not KIND.search(gloss) or NOT_GOODS.search(gloss) or re.match(r"\s*(?:abbr|see |variant|surname|the )", gloss, re.I):
                    continue
                ns = names(gloss)
                if ns:
                    have = entries.setdefault(m.group(2), [])
                    have.extend(n for n in ns if n not in have)
    w = sys.stdout
    w.write("zh,en,source\n")
    for simp in sorted(set(entries) | set(TRADE_ROWS)):
        if simp in TRADE_ROWS:
            w.write(simp + "," + "|".join(TRADE_ROWS[simp]) + ",trade\n")
        else:
            w.write(simp + "," + "|".join(entries[simp]) + ",cedict\n")


if __name__ == "__main__":
    main()
