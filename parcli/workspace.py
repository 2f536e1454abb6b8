"""Where the files are: the workspace's top folder, the YAML files under a folder, the names
shown for them, and the criteria sets and templates shipped with parcli."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from parcli.errors import UsageError

YAML_SUFFIXES = (".yaml", ".yml")
MARKERS = ("criteria", "submissions", "parcli.yaml")
_PACKAGE = Path(__file__).resolve().parent


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding criteria/, submissions/ or parcli.yaml."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if any((folder / marker).exists() for marker in MARKERS):
            return folder
    return here


def display_name(path: Path, cwd: Path) -> str:
    """Paths as the user would type them: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return str(path)


def is_yaml(name: str) -> bool:
    return name.lower().endswith(YAML_SUFFIXES)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders become their YAML files, recursively, in a stable order."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix.lower() in YAML_SUFFIXES
                    and p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif path.exists():
            out.append(path)
        else:
            raise UsageError(f"không tìm thấy {path}; hãy kiểm tra đường dẫn")
    return list(dict.fromkeys(out))


def default_paths(root: Path) -> list[Path]:
    """What `parcli validate` checks when no path is given: criteria/, submissions/, plans/."""
    found = [root / name for name in ("criteria", "submissions", "plans") if (root / name).is_dir()]
    if not found:
        raise UsageError(
            f"không thấy thư mục criteria/ hoặc submissions/ trong {root}; "
            "hãy chạy lệnh trong thư mục làm việc hoặc chỉ rõ tệp, thư mục cần kiểm tra"
        )
    return found


def bundled_dir(name: str) -> Path | None:
    """`criteria` or `templates`: inside the wheel (`parcli/_bundled/`), else the checkout's top.

    The files live once, at the top of the repository; the wheel build copies them in
    (pyproject.toml, `force-include`), so an editable install and a wheel both find them.
    """
    installed = _PACKAGE / "_bundled" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / name).is_dir():
        return checkout / name
    return None
