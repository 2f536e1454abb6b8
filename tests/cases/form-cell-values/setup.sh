# A self form filled in badly, one class of mistake per cell; each is reported at its cell.
"$PYTHON" - <<'PY'
from tests.form_fixtures import case_form, edit_form

def fill(ws, col, row):
    ws.cell(row["1.1.1"], col["Điểm tự chấm"]).value = 3                     # above the maximum
    ws.cell(row["1.1.1"], col["Mức / Trả lời"]).value = "Ban hành rất sớm"    # not a level
    ws.cell(row["1.1.1"], col["Ngày ban hành"]).value = "32/01/2026"          # no such day
    ws.cell(row["1.1.2"], col["Giá trị 1"]).value = "mười tám"                # not a number
    ws.cell(row["2.1"], col["Giá trị 1"]).value = "=B2*2"                     # never computed
    ws.cell(row["2.1"], col["Ghi chú của đơn vị"]).value = "#N/A"             # an error value
    ws.cell(row["1.1.2"], col["Trích yếu"]).value = None                      # evidence, no title
    ws.cell(row["1.1.2"], col["Số ký hiệu"]).value = "12/BC-SA"

edit_form(case_form("submissions/so-a.yaml", "form.xlsx"), "Tự đánh giá", fill)
PY
