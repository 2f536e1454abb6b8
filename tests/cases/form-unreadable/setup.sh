# Workbooks parcli will not open: an old .xls renamed .xlsx, and a workbook whose XML
# declares entities (the "billion laughs" attack; Excel never writes a DOCTYPE).
"$PYTHON" - <<'PY'
import zipfile
from tests.form_fixtures import case_form

open("old.xlsx", "wb").write(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512)
case_form("submissions/so-a.yaml", "form.xlsx")
with zipfile.ZipFile("form.xlsx") as z:
    parts = {name: z.read(name) for name in z.namelist()}
bomb = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
parts["xl/workbook.xml"] = bomb + parts["xl/workbook.xml"]
with zipfile.ZipFile("laughs.xlsx", "w") as z:
    for name, data in parts.items():
        z.writestr(name, data)
PY
