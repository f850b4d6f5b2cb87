#!/usr/bin/env python3
"""Builds the classifier's gazetteer of Japanese municipalities (市区町村) from the postal-code
data in the npm package `japan-postal-code` (MIT; data derived from Japan Post's KEN_ALL, which
Japan Post allows to be freely redistributed).

    npm pack japan-postal-code@0.3.0 && tar xzf japan-postal-code-0.3.0.tgz
    tools/gazetteer/build-municipalities.py package/zipdata > \
        classifier/src/main/resources/io/mamori/classifier/detect/jp-municipalities.tsv

Output: one line per (prefecture, municipality) in the data's spelling, sorted by prefecture code
then name. Town names (町域) are not needed by the classifier and are not written.
"""
import glob
import json
import os
import sys

PREFECTURES = ["北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
               "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
               "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
               "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
               "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"]


def main(directory):
    pairs = set()
    for path in glob.glob(os.path.join(directory, "zip-*.js")):
        text = open(path, encoding="utf-8").read()
        for entry in json.loads(text[text.index("(") + 1:text.rindex(")")]).values():
            if entry[1]:
                pairs.add((entry[0], entry[1]))
    print("# prefecture\tmunicipality — from japan-postal-code 0.3.0 (Japan Post KEN_ALL); see tools/gazetteer")
    for code, name in sorted(pairs):
        print(f"{PREFECTURES[code - 1]}\t{name}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "package/zipdata")
