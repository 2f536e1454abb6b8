# The hidden sheet unhidden (LibreOffice saves it as merely hidden) and items' values as
# exported replaced: JSON nested 16,000 deep, evidence rows too short, of the wrong type, a
# mapping for a score. Each such item is compared with the submission as it is now, and
# what the form says is taken; no crash.
"$PYTHON" - <<'PY'
from openpyxl import load_workbook

from tests.form_fixtures import case_form, edit_form

path = case_form("submissions/so-a.yaml", "form.xlsx")
book = load_workbook(path)
meta = book["parcli"]
tampered = {
    "1.1.1": "[" * 16000 + "]" * 16000,
    "1.1.2": '{"evidence": [[null]], "self": {"x": 1}}',
    "2.1": '{"evidence": [5], "note": 7}',
}
for row in meta.iter_rows():
    if row[0].value == "parcli_form_1" and row[2].value in tampered:
        row[3].value = tampered[row[2].value]
book.save(path)

def fill(ws, col, row):
    ws.cell(row["1.1.1"], col["Điểm tự chấm"]).value = 0.5
    ws.cell(row["1.1.2"], col["Số ký hiệu"]).value = "12/BC-SA"
    ws.cell(row["1.1.2"], col["Trích yếu"]).value = "Báo cáo"
    ws.cell(row["2.1"], col["Ghi chú của đơn vị"]).value = "ghi chú mới"

edit_form(path, "Tự đánh giá", fill)
PY
