"""Two writers at once: every decision reported as written is in the file afterwards."""

from __future__ import annotations

import contextlib
import datetime as dt
import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path

import pytest

from parcli.edit import appraise as appraise_module
from parcli.edit.appraise import appraise
from parcli.edit.changeset import write_edits
from parcli.locks import workspace_lock
from tests.conftest import write
from tests.helpers import load_data

SO_A = """\
format: parcli/submission/1
criteria: mini
agency: {id: so-a, name: Sở A}
items:
  "1.1.1": {self: 1, level: Ban hành kịp thời, evidence: [{title: Kế hoạch}]}
  "1.1.2": {inputs: {done: 20, planned: 20}}
  "2.1": {inputs: {on_time: 9, total: 10}}
"""
TODAY = dt.date(2026, 11, 25)


def decide(ws: Path, item: str, score: str) -> None:
    """What `parcli appraise` does: read, check and replace, inside the workspace's lock."""
    with workspace_lock(ws):
        change = appraise(
            ws / "submissions" / "so-a.yaml", item, round_=1, score=Decimal(score), note=None,
            explanation=None, cwd=ws, today=TODAY,
        )  # fmt: skip
        assert change.ok, change.problems
        write_edits(change.edits)


@pytest.mark.slow
def test_two_appraisers_at_once_both_keep_their_decision(
    mini_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each writer is held after reading until the other has read too, as far as the lock
    # lets it: without the lock both read the same file and one decision was lost.
    write(mini_workspace / "submissions" / "so-a.yaml", SO_A)
    both_read = threading.Barrier(2, timeout=1.0)
    real_open_target = appraise_module.open_target

    def open_then_wait(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        found = real_open_target(*args, **kwargs)  # type: ignore[arg-type]
        # a broken barrier: the other writer is held at the lock, as it should be
        with contextlib.suppress(threading.BrokenBarrierError):
            both_read.wait()
        return found

    monkeypatch.setattr(appraise_module, "open_target", open_then_wait)
    errors: list[BaseException] = []

    def run(item: str, score: str) -> None:
        try:
            decide(mini_workspace, item, score)
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=run, args=("1.1.1", "0.5")),
        threading.Thread(target=run, args=("1.1.2", "1")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    text = (mini_workspace / "submissions" / "so-a.yaml").read_text(encoding="utf-8")
    assert '"1.1.1": {score: 0.5}' in text
    assert '"1.1.2": {score: 1}' in text


@pytest.mark.slow
def test_many_parcli_appraise_processes_on_one_file_lose_nothing(mini_workspace: Path) -> None:
    write(mini_workspace / "submissions" / "so-a.yaml", SO_A)
    decisions = [("1.1.1", "0.5"), ("1.1.2", "1"), ("2.1", "4.5")]
    for round_ in ("1", "2"):
        processes = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "parcli",
                    "appraise",
                    "submissions/so-a.yaml",
                    item,
                    "--round",
                    round_,
                    "--score",
                    score,
                    "--note",
                    f"vòng {round_} người {n}",
                ],
                cwd=mini_workspace,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n, (item, score) in enumerate(decisions)
        ]
        for process in processes:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, out + err
            assert err == "Đã ghi submissions/so-a.yaml\n"
    data = load_data((mini_workspace / "submissions" / "so-a.yaml").read_text(encoding="utf-8"))
    assert data["appraisal"] == {
        f"round{round_}": {
            item: {"score": score, "note": f"vòng {round_} người {n}"}
            for n, (item, score) in enumerate(decisions)
        }
        for round_ in ("1", "2")
    }
