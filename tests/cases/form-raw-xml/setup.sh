# Workbooks written by other programs, edited in their XML: a control character as a
# character reference (XML 1.0 forbids it), a cell without its `r` address (allowed: it
# follows the cell before it), a number cell holding NaN, a control character escaped as
# Excel escapes it (_x001B_) beside a literal "_x0041_" (Excel writes _x005F_x0041_).
"$PYTHON" - <<'PY'
import re
import zipfile

from tests.form_fixtures import case_form

def edit(out, old, new):
    path = case_form("submissions/so-a.yaml", out)
    with zipfile.ZipFile(path) as book:
        parts = {info: book.read(info.filename) for info in book.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for info, data in parts.items():
            if info.filename == "xl/worksheets/sheet2.xml":
                text, count = re.subn(old, new, data.decode("utf-8"), count=1)
                assert count == 1, old
                data = text.encode("utf-8")
            book.writestr(info, data)

edit("esc.xlsx", r'(<c r="R8"[^>]*t="inlineStr"><is><t[^>]*>)', r"\1&#x1b;[31m")
edit("nor.xlsx", r'<c r="K8"( [^>]*)><v>1</v></c>', r'<c\1><v>3</v></c>')
edit("nan.xlsx", r'<c r="K8"( [^>]*)><v>1</v></c>', r'<c r="K8"\1><v>NaN</v></c>')
edit("long.xlsx", r'(<c r="R8"[^>]*t="inlineStr"><is><t[^>]*>)', r"\1" + "y" * 200_000)
edit("xesc.xlsx", r'(<c r="R8"[^>]*t="inlineStr"><is><t[^>]*>)', r"\1_x005F_x0041_ _x001B_[31m")
PY
