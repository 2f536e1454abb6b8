# Cells no form test had seen: invisible characters pasted from the web, a time of day typed
# into a date cell (Excel stores 13:45 as 0.5729, which is no day).
"$PYTHON" - <<'PY'
import datetime as dt

from tests.form_fixtures import case_form, edit_form

def fill(ws, col, row):
    ws.cell(row["1.1.1"], col["Ghi chú của đơn vị"]).value = "dòng 1\u2028dòng 2"  # LINE SEPARATOR
    ws.cell(row["1.1.1"], col["Trích yếu"]).value = "Kế hoạch\u200b CCHC"          # zero width space
    ws.cell(row["1.1.1"], col["Ngày ban hành"]).value = dt.time(13, 45)             # no day
    ws.cell(row["1.1.2"], col["Ghi chú của đơn vị"]).value = "có\tthẻ tab\r\nvà dòng mới"  # fine

edit_form(case_form("submissions/so-a.yaml", "form.xlsx"), "Tự đánh giá", fill)
PY
