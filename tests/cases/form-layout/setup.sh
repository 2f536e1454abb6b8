# The form's rows changed by hand: a row deleted, a row copied over another, a score typed on
# a row that has no item, input cells of two items merged. Each is reported where it is.
"$PYTHON" - <<'PY'
from tests.form_fixtures import case_form, delete_rows, edit_form, insert_rows

def rearrange(ws, col, row):
    blank = row["2.1"] + 1                                                  # the first totals row
    insert_rows(ws, blank)
    ws.cell(blank, col["Điểm tự chấm"]).value = 0.5                          # a row without STT
    ws.cell(blank, col["Ghi chú của đơn vị"]).value = "Điểm của mục 2.1"
    for c in range(1, ws.max_column + 1):                                   # 1.1.1 copied over 1.2
        ws.cell(row["1.2"], c).value = ws.cell(row["1.1.1"], c).value
    delete_rows(ws, row["1.1.2"])                                           # 1.1.2 deleted
    note = col["Ghi chú của đơn vị"]                                        # notes of 1.1.1 and "1"
    ws.merge_cells(start_row=row["1.1.1"], end_row=row["1.1.1"] + 1, start_column=note, end_column=note)

edit_form(case_form("submissions/so-a.yaml", "form.xlsx"), "Tự đánh giá", rearrange)
PY
