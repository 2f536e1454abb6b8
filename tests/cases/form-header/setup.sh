# A column the import reads was deleted and another header retyped: the sheet is not read.
"$PYTHON" - <<'PY'
from tests.form_fixtures import case_form, edit_form

def cut(ws, col, row):
    ws.delete_cols(col["Điểm tự chấm"])
    ws.cell(5, col["Ghi chú của đơn vị"] - 1).value = "Ghi chú"

edit_form(case_form("submissions/so-a.yaml", "form.xlsx"), "Tự đánh giá", cut)
PY
