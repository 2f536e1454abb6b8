"""The workspace's settings file, `parcli.yaml`: letterhead, place, signer, recipients, and how
documents write numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from parcli.check.shape import parse_model
from parcli.loading import read_document
from parcli.models import AgencyId, Model, Text
from parcli.problems import Problem
from parcli.workspace import display_name

SETTINGS_FILE = "parcli.yaml"


class Signer(Model):
    title: Text | list[Text] | None = None  # "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" or a list of lines
    name: Text | None = None


class Letterhead(Model):
    """What a document's header and closing say about the agency that issues it."""

    parent: Text | None = None  # cơ quan chủ quản, e.g. UBND TỈNH BẮC NINH
    name: Text | None = None  # the issuing agency, as printed in the header
    symbol: Text | None = None  # ký hiệu văn bản of reports, e.g. BC-SKHCN
    abbreviation: Text | None = None  # the agency's short name in every symbol: SKHCN
    place: Text | None = None  # địa danh, e.g. Bắc Ninh
    signer: Signer | None = None
    recipients: list[Text] | None = None  # nơi nhận


class Settings(Letterhead):
    """Top-level keys: the workspace's own agency (the issuer of the ranking), whose id is
    `id`; `agencies.<id>`: the letterhead of each other agency reported on."""

    format: Literal["parcli/settings/1"] | None = None
    id: AgencyId | None = None
    numbers: Literal["vi", "dot"] | None = None  # documents: 88,11 (vi, default) or 88.11
    agencies: dict[AgencyId, Letterhead] | None = None


def read_settings(root: Path, *, cwd: Path) -> tuple[Settings, list[Problem]]:
    """The workspace's `parcli.yaml`, or empty settings when there is none."""
    path = root / SETTINGS_FILE
    if not path.is_file():
        return Settings(), []
    doc, problems = read_document(path, file=display_name(path, cwd))
    if doc is None:
        return Settings(), problems
    if doc.data is None:
        return Settings(), []
    settings, problems = parse_model(doc, Settings)
    return (settings or Settings()), problems
