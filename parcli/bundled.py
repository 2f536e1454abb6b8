"""Where the criteria sets and templates shipped with parcli live, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


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
