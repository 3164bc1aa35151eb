#!/usr/bin/env python3
"""Add or update German texts in a .resx file (the UI's resource files; see README "Languages").

    python3 scripts/resx.py LeadRouting.Web/Components/Pages/Inbox/Inbox.de.resx "My inbox=Mein Eingang" "Accept=Annehmen"

Each argument is KEY=VALUE (the key is the English text the page asks for). The file is created when missing; entries
are kept sorted by key so two people adding texts to one file merge without conflicts.
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def main(path: str, pairs: list[str]) -> None:
    file = Path(path)
    entries: dict[str, str] = {}
    if file.exists():
        for data in ET.parse(file).getroot().findall("data"):
            entries[data.get("name")] = data.findtext("value") or ""
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            sys.exit(f"not KEY=VALUE: {pair!r}")
        entries[key] = value
    body = "".join(
        f'  <data name="{escape(k)}" xml:space="preserve"><value>{escape(v)}</value></data>\n'
        for k, v in sorted(entries.items(), key=lambda kv: kv[0].lower()))
    file.write_text(HEADER + body + "</root>\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
