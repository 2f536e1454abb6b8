# A form exported before the criteria set changed (a new maximum, a new level), and a
# workbook that is no parcli form at all, a form whose hidden kind was edited (no such
# form as round3): all are refused, nothing is guessed.
"$PYTHON" - <<'PY'
from pathlib import Path
from openpyxl import Workbook, load_workbook
from tests.form_fixtures import case_form

case_form("submissions/so-a.yaml", "old.xlsx")
book = load_workbook(case_form("submissions/so-a.yaml", "mode.xlsx"))
book["parcli"]["B4"] = "round3"
book.save("mode.xlsx")
criteria = Path("criteria/mini.yaml")
criteria.write_text(criteria.read_text(encoding="utf-8").replace("- {label: Không ban hành, points: 0}", "- {label: Không ban hành, points: 0}\n                - {label: Ban hành một phần, points: 0.25}"), encoding="utf-8")
book = Workbook()
book.active.append(["STT", "Điểm tự chấm"])
book.active.append(["1.1.1", 1])
book.save("plain.xlsx")
PY
