"""Fill msgstr entries of a .po catalogue from a Python dict file: `python scripts/po_fill.py PO DICT.py`.

DICT.py defines T = {"English msgid": "Bản dịch", ("singular", "plural"): ["dạng 0", ...]}.
Entries already translated are kept unless the dict names them; fuzzy flags are cleared.
Prints the msgids still untranslated, so nothing slips through.
"""

import runpy
import sys

import polib


def main(po_path, dict_path):
    table = runpy.run_path(dict_path)["T"]
    po = polib.pofile(po_path)
    for entry in po:
        if entry.obsolete:
            continue
        key = (entry.msgid, entry.msgid_plural) if entry.msgid_plural else entry.msgid
        if key in table:
            value = table[key]
            if entry.msgid_plural:
                values = value if isinstance(value, list) else [value]
                entry.msgstr_plural = {i: values[min(i, len(values) - 1)] for i in range(len(entry.msgstr_plural))}
            else:
                entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()
    missing = [e.msgid for e in po.untranslated_entries()]
    for msgid in missing:
        print("UNTRANSLATED:", repr(msgid))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
