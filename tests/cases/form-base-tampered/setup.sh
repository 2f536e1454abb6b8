# The hidden sheet unhidden (LibreOffice saves it as merely hidden) and an item's values as
# exported replaced by JSON nested 50,000 deep: the item is compared with the submission as
# it is now, and the score typed in the form is taken; no crash.
"$PYTHON" - <<'PY'
from openpyxl import load_workbook

from tests.form_fixtures import case_form, edit_form

path = case_form("submissions/so-a.yaml", "form.xlsx")
book = load_workbook(path)
meta = book["parcli"]
for row in meta.iter_rows():
    if row[0].value == "parcli_form_1" and row[2].value == "1.1.1":
        row[3].value = "[" * 16000 + "]" * 16000
book.save(path)
edit_form(path, "Tự đánh giá", lambda ws, col, row: setattr(ws.cell(row["1.1.1"], col["Điểm tự chấm"]), "value", 0.5))
PY
