"""Zip containers (DOCX, XLSX) made reproducible: same inputs, same bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping


def fixed_zip(
    data: bytes, when: dt.datetime, *, replace: Mapping[str, bytes] | None = None
) -> bytes:
    """Rewrite a zip with every entry dated `when`, in the same order, optionally replacing
    some entries' contents (openpyxl stamps docProps/core.xml with the time of saving)."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    replace = replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0  # not the platform's default: same bytes everywhere
            target.writestr(entry, replace.get(info.filename, source.read(info.filename)))
    return out.getvalue()
