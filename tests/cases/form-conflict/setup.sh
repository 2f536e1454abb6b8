# Two units fill the same item differently, and one changes a value that the office changed
# in the submission after the forms went out: conflicts at the cells, nothing written.
"$PYTHON" - <<'PY'
from pathlib import Path
from tests.form_fixtures import case_form, edit_form

def first(ws, col, row):
    ws.cell(row["1.1.2"], col["Giá trị 1"]).value = 19
    ws.cell(row["2.1"], col["Ghi chú của đơn vị"]).value = "Số liệu tháng 11"

def second(ws, col, row):
    ws.cell(row["1.1.2"], col["Giá trị 1"]).value = 20
    ws.cell(row["1.1.1"], col["Ghi chú của đơn vị"]).value = "Ban hành ngày 20/01"

edit_form(case_form("submissions/so-a.yaml", "van-phong.xlsx"), "Tự đánh giá", first)
edit_form(case_form("submissions/so-a.yaml", "mot-cua.xlsx"), "Tự đánh giá", second)
sub = Path("submissions/so-a.yaml")
sub.write_text(sub.read_text(encoding="utf-8").replace('"2.1": {inputs: {on_time: 1234, total: 1240}}', '"2.1": {inputs: {on_time: 1234, total: 1240}, note: Số liệu tháng 10}'), encoding="utf-8")
PY
