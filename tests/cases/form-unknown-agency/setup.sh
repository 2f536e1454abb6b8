# The agency's id was changed in its submission after the form went out.
"$PYTHON" - <<'PY'
from pathlib import Path
from tests.form_fixtures import case_form

case_form("submissions/so-a.yaml", "form.xlsx")
sub = Path("submissions/so-a.yaml")
sub.write_text(sub.read_text(encoding="utf-8").replace("id: so-a,", "id: so-a-moi,"), encoding="utf-8")
PY
