"""Where the files are: the workspace's top folder, the YAML files under a folder, the names
shown for them, and the criteria sets and templates shipped with parcli."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from parcli.errors import UsageError
from parcli.files import note_used, os_reason
from parcli.problems import Problem, Severity
from parcli.writes import LEFTOVER

YAML_SUFFIXES = (".yaml", ".yml")
SETTINGS_FILE = "parcli.yaml"  # the workspace's letterhead, signer and recipients
MARKERS = ("criteria", "submissions", SETTINGS_FILE)
_PACKAGE = Path(__file__).resolve().parent


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding criteria/, submissions/ or parcli.yaml."""
    here = Path(os.path.realpath(start))
    for folder in (here, *here.parents):
        # os.path.exists never raises: a name too long or a loop only means "not here"
        if any(os.path.exists(folder / marker) for marker in MARKERS):
            return folder
    return here


def display_name(path: Path, cwd: Path) -> str:
    """Paths as the user would type them: relative to the current folder when inside it.

    Only the folders on the way are resolved: a symlinked file keeps its own name, and a
    link that points nowhere or in a loop is shown as it is.
    """
    return shown_name(path, located(path), real(cwd))


def real(path: Path) -> Path:
    """`path` with every link resolved, as far as they lead; never raises (a link in a loop
    is left as it is, where `Path.resolve` raises RuntimeError on Python 3.11)."""
    return Path(os.path.realpath(path))


def located(path: Path) -> Path:
    """`path` with the folders on the way resolved and its own name kept; never raises."""
    return real(path.parent) / path.name


def shown_name(path: Path, resolved: Path, cwd_resolved: Path) -> str:
    """`display_name` of `path` from its `located` form and the current folder's real one."""
    try:
        return resolved.relative_to(cwd_resolved).as_posix()
    except ValueError:
        return str(path)


def is_folder(path: Path) -> bool:
    """A folder (or a link to one); never raises, whatever the name (too long, a loop)."""
    return os.path.isdir(path)


def is_yaml(name: str) -> bool:
    return name.lower().endswith(YAML_SUFFIXES)


@dataclass
class Expanded:
    """The files under the paths given, and what could not be looked at on the way."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def expand_paths(paths: Iterable[Path], *, cwd: Path) -> Expanded:
    """Files as given; folders become their YAML files, recursively, in a stable order.

    In a folder, every entry named `*.yaml`/`*.yml` is a file to check, whatever it really
    is (a broken link, a loop, a FIFO, a folder): checking it says why it cannot be read,
    where skipping it would let a submission vanish unnoticed. So does a folder that cannot
    be listed. Hidden entries are not parcli's, except temporary files an interrupted write
    left behind, which are reported.
    """
    found = Expanded()
    for path in paths:
        if is_folder(path):
            _scan(path, found, cwd, seen=set())
        elif os.path.lexists(path) or not _missing(path):
            found.files.append(path)
        else:
            raise UsageError(f"không tìm thấy {path}; hãy kiểm tra đường dẫn")
    found.files = list(dict.fromkeys(found.files))
    return found


def _missing(path: Path) -> bool:
    """Certainly absent; a name too long or a folder without permission is not."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return False
    return False


def _scan(folder: Path, found: Expanded, cwd: Path, *, seen: set[tuple[int, int]]) -> None:
    try:
        info = os.stat(folder)
        if (info.st_dev, info.st_ino) in seen:
            return  # a link back to a folder already scanned
        seen.add((info.st_dev, info.st_ino))
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        message = (
            f"không đọc được thư mục: {os_reason(exc, folder)}; các tệp trong đó chưa được "
            "kiểm tra, hãy cấp quyền đọc thư mục"
        )
        found.problems.append(Problem(display_name(folder, cwd), 1, 1, "file-unreadable", message))
        return
    for entry in entries:
        path = folder / entry.name
        if entry.name.startswith("."):
            leftover = LEFTOVER.match(entry.name)
            if leftover is not None and is_yaml(leftover.group("name")):
                found.problems.append(_leftover(path, leftover.group("name"), cwd))
            continue
        if is_yaml(entry.name):
            found.files.append(path)
        if is_folder(path):
            _scan(path, found, cwd, seen=seen)


def _leftover(path: Path, name: str, cwd: Path) -> Problem:
    message = (
        f"tệp tạm còn sót lại khi một lần ghi {name} bị ngắt (tệp {name} vẫn là bản cũ "
        "nguyên vẹn); hãy xóa tệp tạm này, đừng commit nó (parcli tự xóa ở lần ghi sau)"
    )
    return Problem(display_name(path, cwd), 1, 1, "leftover-temp", message, (), Severity.WARNING)


def default_paths(root: Path) -> list[Path]:
    """What `parcli validate` checks when no path is given: criteria/, submissions/, plans/,
    and the settings file, whose mistakes would otherwise surface only when a report is made."""
    found = [root / name for name in ("criteria", "submissions", "plans") if is_folder(root / name)]
    if not found:
        raise UsageError(
            f"không thấy thư mục criteria/ hoặc submissions/ trong {root}; "
            "hãy chạy lệnh trong thư mục làm việc hoặc chỉ rõ tệp, thư mục cần kiểm tra"
        )
    if os.path.lexists(root / SETTINGS_FILE):
        found.append(root / SETTINGS_FILE)
    return found


def resolve_file(base: Path, name: str) -> tuple[Path, bool]:
    """Where a file named relative to `base` really is (symlinks followed), and whether it is a
    file there. A name no system accepts (NUL byte, too long, a symlink loop) is no file."""
    try:
        target = (base / name).resolve()
        exists = target.is_file()
    except (OSError, ValueError, RuntimeError):
        return base / name, False
    if exists:
        note_used(target)  # no output of this run may replace it
    return target, exists


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
