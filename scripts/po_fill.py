"""Fill msgstr entries of a .po catalogue from a Python dict file: `python scripts/po_fill.py PO DICT.py`.

DICT.py defines T = {"English msgid": "Bản dịch", ("singular", "plural"): ["dạng 0", ...]} and, for
strings with a context (pgettext), CTX = {("context", "msgid"): "Bản dịch"}.
Entries already translated are kept unless the dict names them; fuzzy flags are cleared.
Prints the msgids still untranslated, so nothing slips through.
"""

import runpy
import sys

import polib


def main(po_path, dict_path):
    namespace = runpy.run_path(dict_path)
    table = namespace["T"]
    in_context = namespace.get("CTX", {})
    po = polib.pofile(po_path)
    for entry in po:
        if entry.obsolete:
            continue
        key = (entry.msgid, entry.msgid_plural) if entry.msgid_plural else entry.msgid
        if entry.msgctxt and (entry.msgctxt, entry.msgid) in in_context:
            entry.msgstr = in_context[(entry.msgctxt, entry.msgid)]
        elif entry.msgctxt:
            pass
        elif key in table:
            value = table[key]
            if entry.msgid_plural:
                values = value if isinstance(value, list) else [value]
                entry.msgstr_plural = {i: values[min(i, len(values) - 1)] for i in range(len(entry.msgstr_plural))}
            else:
                entry.msgstr = value
        if "fuzzy" in entry.flags:
            # msgmerge's guess from a similar string: keep it only when the dict confirms it.
            entry.flags.remove("fuzzy")
            if key not in table and (entry.msgctxt, entry.msgid) not in in_context:
                entry.msgstr = ""
                entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
    po.save()
    missing = [e.msgid for e in po.untranslated_entries()]
    for msgid in missing:
        print("UNTRANSLATED:", repr(msgid))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
