"""Write a minimal XLSX workbook with the standard library, for cases whose setup.sh needs
an odd one: `python3 xlsx.py OUT [--stray REF] [--doctype] [--formula REF] [--bomb MB]`.

Cells: the header `agency, 1.2` and a row `so-a, 1.5`, written as inline strings and
numbers, as any program may write them.
"""

import argparse
import zipfile

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Kết quả" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>"""


def text(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--stray", help="a cell far away, e.g. XFD1048576")
    parser.add_argument("--doctype", action="store_true", help="an entity declaration")
    parser.add_argument("--formula", help="a formula with no computed value, e.g. B2")
    parser.add_argument("--bomb", type=int, default=0, help="an entry of N MB of zeros")
    args = parser.parse_args()
    value = (
        f'<c r="{args.formula}"><f>1.2+0.3</f></c>' if args.formula else '<c r="B2"><v>1.5</v></c>'
    )
    rows = [
        f'<row r="1">{text("A1", "agency")}{text("B1", "1.2")}</row>',
        f'<row r="2">{text("A2", "so-a")}{value}</row>',
    ]
    if args.stray:
        digits = args.stray.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        rows.append(f'<row r="{digits}"><c r="{args.stray}"><v>1</v></c></row>')
    prolog = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    if args.doctype:
        prolog += '<!DOCTYPE worksheet [<!ENTITY x "parcli">]>\n'
    sheet = (
        prolog + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
    )
    with zipfile.ZipFile(args.out, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", RELS)
        book.writestr("xl/workbook.xml", WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        book.writestr("xl/worksheets/sheet1.xml", sheet)
        if args.bomb:
            with book.open("xl/media/zeros.bin", "w") as entry:
                for _ in range(args.bomb):
                    entry.write(bytes(1024 * 1024))


main()
