"""A document's letterhead from the settings: agency names, symbol, place and date, signer."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from parcli.check.settings import Letterhead, Settings, Signer

DEFAULT_RECIPIENTS = ("Lưu: VT.",)
# Who signs for an agency, told by how its name starts (a clerk's parcli.yaml may say otherwise).
# A People's Committee works collectively: its chair signs "TM." for it (Nghị định 30/2020).
_COMMITTEE = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
_COMMITTEES = ("ubnd ", "ủy ban nhân dân ", "uỷ ban nhân dân ")
_HEADS = (
    ("sở ", "GIÁM ĐỐC"),
    ("văn phòng", "CHÁNH VĂN PHÒNG"),
    ("thanh tra", "CHÁNH THANH TRA"),
    ("ban ", "TRƯỞNG BAN"),
    *((start, _COMMITTEE) for start in _COMMITTEES),
    ("ủy ban", "CHỦ TỊCH"),
)
_SKIPPED = {"và", "các", "của"}  # never in an abbreviation: Sở Giáo dục và Đào tạo → SGDĐT
_PLACES = ("tỉnh", "thành phố")  # a trailing level: Văn phòng UBND tỉnh → VPUBND


@dataclass(frozen=True)
class Header:
    """A letterhead with every default applied: what the templates print."""

    parent: str
    name: str
    symbol: str  # of reports: BC-SKHCN
    place: str
    signer_title: tuple[str, ...]
    signer_name: str
    recipients: tuple[str, ...]
    abbreviation: str = ""  # SKHCN: other documents' symbols are KH-SKHCN, …

    def symbol_for(self, kind: str) -> str:
        """The symbol of a document of `kind` (BC báo cáo, KH kế hoạch)."""
        if kind == "BC":
            return self.symbol
        return f"{kind}-{self.abbreviation}" if self.abbreviation else ""


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
    # The abbreviation comes from the name as written (mixed case tells UBND from a word).
    spelled = agency_name if merged.name is None or agency_name else name
    abbreviation = _abbreviation(merged, spelled or name)
    signer = merged.signer or Signer()
    title = signer.title or head_of(spelled or name)
    return Header(
        parent=merged.parent or "",
        name=name,
        symbol=merged.symbol.lstrip("/ ")
        if merged.symbol
        else (f"BC-{abbreviation}" if abbreviation else ""),
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
        abbreviation=abbreviation,
    )


def _abbreviation(merged: Letterhead, name: str) -> str:
    if merged.abbreviation:
        return merged.abbreviation
    if merged.symbol and "-" in merged.symbol:
        return merged.symbol.lstrip("/ ").split("-", 1)[1]
    return initials(name)


def head_of(name: str) -> str:
    """The title of the agency's head, who signs when parcli.yaml names nobody."""
    if not name:
        return ""
    folded = unicodedata.normalize("NFC", name).casefold()
    return next(
        (title for start, title in _HEADS if folded.startswith(start)), "THỦ TRƯỞNG CƠ QUAN"
    )


def initials(name: str) -> str:
    """The usual abbreviation of an agency: "Sở Khoa học và Công nghệ" → "SKHCN",
    "Văn phòng UBND tỉnh" → "VPUBND" (an acronym stays whole, a trailing "tỉnh" goes); a
    commune's or ward's People's Committee is "UBND", as its documents are numbered."""
    text = " ".join(unicodedata.normalize("NFC", name).split())
    if text.casefold().startswith(_COMMITTEES):
        return "UBND"
    for place in _PLACES:
        if text.casefold().endswith(" " + place):
            text = text[: -len(place) - 1]
    words = text.split()
    all_caps = name.isupper()
    letters = []
    for word in words:
        if word.casefold() in _SKIPPED:
            continue
        if not all_caps and len(word) > 1 and word.isupper() and word.isalpha():
            letters.append(word)  # UBND, HĐND, KH&CN-like acronyms keep every letter
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
