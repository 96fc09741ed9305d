"""Independent read-back of an .xlsx for the tests: Python's standard library only (zipfile +
xml.etree), no SheetJS, no kaitou code. Prints JSON: every part is well-formed XML, and per
worksheet the number of formula cells and the text of every cell (shared strings and inline
strings resolved). LibreOffice is not installed on the test machines; this is the reader that
stands in for it (as openpyxl would, it parses the package as a spreadsheet consumer does)."""
import json
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def text_of(el):
    return "".join(t.text or "" for t in el.iter("{%s}t" % NS["m"]))


def main(path):
    out = {"parts": 0, "sheets": []}
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        if bad:
            raise SystemExit(f"CRC error in {bad}")
        for name in z.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                ET.fromstring(z.read(name))  # raises on malformed XML
                out["parts"] += 1
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            shared = [text_of(si) for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS)]
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        for sheet in wb.find("m:sheets", NS):
            target = targets[sheet.get(REL)].lstrip("/")
            part = target if target.startswith("xl/") else "xl/" + target
            root = ET.fromstring(z.read(part))
            formulas = 0
            cells = {}
            for c in root.iter("{%s}c" % NS["m"]):
                if c.find("m:f", NS) is not None:
                    formulas += 1
                t = c.get("t")
                v = c.find("m:v", NS)
                inline = c.find("m:is", NS)
                if t == "inlineStr" and inline is not None:
                    value = text_of(inline)
                elif t == "s" and v is not None:
                    value = shared[int(v.text)]
                else:
                    value = v.text if v is not None and v.text is not None else ""
                cells[c.get("r")] = value
            out["sheets"].append({"name": sheet.get("name"), "state": sheet.get("state") or "visible", "formulas": formulas, "cells": cells})
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
