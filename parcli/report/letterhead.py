"""A document's letterhead from the settings: agency names, symbol, place and date, signer."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from parcli.check.settings import Letterhead, Settings, Signer

DEFAULT_RECIPIENTS = ("Lưu: VT.",)


@dataclass(frozen=True)
class Header:
    """A letterhead with every default applied: what the templates print."""

    parent: str
    name: str
    symbol: str
    place: str
    signer_title: tuple[str, ...]
    signer_name: str
    recipients: tuple[str, ...]


def resolve_header(
    settings: Settings, *, agency_id: str | None = None, agency_name: str | None = None
) -> Header:
    """The workspace's keys overlaid with the agency's own; names and symbols derived last."""
    own = (settings.agencies or {}).get(agency_id or "") or Letterhead()
    base = Letterhead(**{key: getattr(settings, key) for key in Letterhead.model_fields})
    if agency_id is not None and settings.id is not None and agency_id != settings.id:
        # Another agency's report: the workspace's own name, symbol, signer and recipients
        # are not its; only the shared parent body and place carry over.
        base = Letterhead(parent=base.parent, place=base.place)
    merged = base.model_copy(update={k: v for k, v in own if v is not None})
    name = merged.name if merged.name is not None else (agency_name or "").upper()
    signer = merged.signer or Signer()
    title = signer.title or ()
    return Header(
        parent=merged.parent or "",
        name=name,
        symbol=merged.symbol.lstrip("/ ") if merged.symbol else _default_symbol(name),
        place=merged.place or "",
        signer_title=tuple(
            line.strip()
            for part in ([title] if isinstance(title, str) else title)
            for line in part.splitlines()
            if line.strip()
        ),
        signer_name=signer.name or "",
        recipients=tuple(merged.recipients)
        if merged.recipients is not None
        else DEFAULT_RECIPIENTS,
    )


def _default_symbol(name: str) -> str:
    return f"BC-{initials(name)}" if name else ""


def initials(name: str) -> str:
    """The usual abbreviation of an agency: "Sở Khoa học và Công nghệ" → "SKHCN"."""
    letters = []
    for word in name.split():
        if word.casefold() == "và":
            continue
        first = word[0]
        base = unicodedata.normalize("NFD", first)[0] if first not in "đĐ" else first
        if base.isalpha():
            letters.append(base.upper())
    return "".join(letters)


def date_line(place: str, day: dt.date) -> str:
    """The place and date line, e.g. "Bắc Ninh, ngày 05 tháng 02 năm 2026".

    Days under 10 and the months 1 and 2 take a leading zero (Nghị định 30/2020/NĐ-CP).
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text.capitalize()
