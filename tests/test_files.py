"""Files: reads that only take regular files, writes that never replace what they must not,
all or nothing across files, and one writer at a time."""

from __future__ import annotations

import errno
import os
import signal
import stat
import threading
from pathlib import Path

import pytest

from parcli import files, locks
from parcli.errors import Interrupted, UsageError
from parcli.files import Unreadable, os_reason, read_regular
from parcli.locks import workspace_lock
from parcli.writes import Write, remove_leftovers, replace_files, write_outputs

POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and devices are POSIX")


def test_a_regular_file_is_read_whole_and_remembered_as_read(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"a: 1\n")
    files.forget_reads()
    assert read_regular(path, limit=5) == b"a: 1\n"
    assert files.was_read(path)
    files.forget_reads()
    assert not files.was_read(path)


def test_a_file_one_byte_over_the_limit_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"123456")
    with pytest.raises(Unreadable) as raised:
        read_regular(path, limit=5)
    assert raised.value.too_large


@POSIX
def test_what_is_not_a_regular_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    reasons = {}
    for name in ("fifo", os.devnull):
        with pytest.raises(Unreadable) as raised:
            read_regular(tmp_path / name, limit=10)
        reasons[name] = raised.value.reason
    with pytest.raises(Unreadable) as raised:
        read_regular(tmp_path, limit=10)
    assert reasons == {
        "fifo": "là ống dẫn có tên (FIFO), không phải tệp",
        os.devnull: "là thiết bị (như /dev/zero), không phải tệp",
    }
    assert raised.value.reason == "là thư mục, không phải tệp"


def test_system_errors_are_said_in_vietnamese_never_in_english(tmp_path: Path) -> None:
    assert os_reason(PermissionError(errno.EACCES, "Permission denied")) == (
        "không có quyền truy cập"
    )
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "đĩa đã đầy"
    assert os_reason(OSError(errno.EROFS, "Read-only file system")) == "ổ đĩa chỉ cho đọc"
    assert os_reason(ValueError("embedded null byte")) == "tên tệp có ký tự không hợp lệ"
    assert os_reason(OSError(errno.EDOM, "Math argument")) == "lỗi hệ thống EDOM"


def test_an_unreadable_file_is_said_so_when_opening_it_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root reads everything, so permission is denied by hand here.
    path = tmp_path / "a.yaml"
    path.write_bytes(b"a: 1\n")

    def denied(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(Unreadable, match="không có quyền truy cập"):
        read_regular(path, limit=10)


# ---------------------------------------------------------------- outputs


@POSIX
def test_an_output_to_dev_null_writes_into_the_device_and_leaves_it_a_device() -> None:
    # As root (CI containers), renaming over /dev/null replaced the device with a file.
    write_outputs([(Path(os.devnull), b"report")])
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@POSIX
def test_an_output_to_a_fifo_is_written_to_its_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    while True:  # until the reader has the FIFO open, a writer would find nobody there
        try:
            write_outputs([(fifo, b"report")])
            break
        except UsageError:
            continue
    reader.join()
    assert got == [b"report"]


@POSIX
def test_an_output_to_a_fifo_nobody_reads_is_refused_instead_of_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "out")
    with pytest.raises(UsageError, match="không có chương trình nào ở đầu kia"):
        write_outputs([(tmp_path / "out", b"report")])


def test_an_output_onto_a_folder_or_nothing_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="là thư mục, không phải tệp; hãy ghi tên một tệp"):
        write_outputs([(tmp_path, b"x")])
    with pytest.raises(UsageError, match="là thư mục"):
        write_outputs([(Path(""), b"x")])


def test_an_output_under_a_file_is_a_usage_error_in_vietnamese(tmp_path: Path) -> None:
    (tmp_path / "schemas").write_text("not a folder")
    with pytest.raises(UsageError) as raised:
        write_outputs([(tmp_path / "schemas" / "a.json", b"{}")])
    assert raised.value.message == (
        f"không ghi được {tmp_path / 'schemas' / 'a.json'}: một phần của đường dẫn không phải "
        "thư mục"
    )


def test_an_output_onto_a_file_this_run_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "so-a.yaml"
    path.write_bytes(b"a: 1\n")
    files.forget_reads()
    read_regular(path, limit=100)
    link = tmp_path / "link.yaml"
    link.symlink_to(path)
    for target in (path, link):
        with pytest.raises(UsageError, match="là tệp lệnh này vừa đọc vào"):
            write_outputs([(target, b"# report")])
    assert path.read_bytes() == b"a: 1\n"
    files.forget_reads()


def test_writing_through_a_link_replaces_the_file_it_names_and_keeps_the_link(
    tmp_path: Path,
) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "so-a.yaml"
    real.write_bytes(b"a: 1\n")
    os.chmod(real, 0o600)
    link = tmp_path / "so-a.yaml"
    link.symlink_to(real)
    assert replace_files([Write(link, b"a: 2\n", b"a: 1\n")]) == [real]
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"a: 2\n"
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o600


def test_a_link_that_points_nowhere_gets_its_target_created(tmp_path: Path) -> None:
    link = tmp_path / "out.md"
    link.symlink_to(tmp_path / "reports" / "out.md")
    write_outputs([(link, b"# x\n")])
    assert link.is_symlink() and (tmp_path / "reports" / "out.md").read_bytes() == b"# x\n"


# ---------------------------------------------------------------- all or nothing


def three(tmp_path: Path) -> list[Write]:
    writes = []
    for name in "abc":
        path = tmp_path / f"{name}.yaml"
        path.write_bytes(b"old\n")
        writes.append(Write(path, b"new\n", b"old\n"))
    return writes


def contents(tmp_path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(tmp_path.iterdir())}


def test_a_failure_while_writing_the_temporary_files_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes = three(tmp_path)
    real_fsync = os.fsync
    calls = []

    def fsync_fails_third(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_fails_third)
    with pytest.raises(UsageError, match="đĩa đã đầy; chưa ghi tệp nào"):
        replace_files(writes)
    assert contents(tmp_path) == {n: b"old\n" for n in ("a.yaml", "b.yaml", "c.yaml")}


def test_ctrl_c_during_the_renames_is_held_until_every_file_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C during `survey import` over 3,000 files left some rewritten and others not.
    writes = three(tmp_path)
    real_replace = os.replace

    def interrupted_replace(src: str, dst: Path) -> None:
        real_replace(src, dst)
        if str(dst).endswith("a.yaml"):
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(os, "replace", interrupted_replace)
    with pytest.raises(Interrupted) as raised:
        replace_files(writes)
    assert raised.value.message == "đã dừng theo yêu cầu, sau khi ghi xong cả 3 tệp"
    assert raised.value.exit_code == 130
    assert contents(tmp_path) == {n: b"new\n" for n in ("a.yaml", "b.yaml", "c.yaml")}
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_sigterm_during_the_renames_is_delivered_after_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes = three(tmp_path)
    real_replace = os.replace
    received: list[int] = []
    monkeypatch.setattr(signal, "SIGTERM", signal.SIGUSR1)  # a signal the test can catch
    signal.signal(signal.SIGUSR1, lambda signum, frame: received.append(signum))

    def terminated_replace(src: str, dst: Path) -> None:
        real_replace(src, dst)
        if str(dst).endswith("a.yaml"):
            os.kill(os.getpid(), signal.SIGUSR1)
            assert received == []  # held while the renames go on

    monkeypatch.setattr(os, "replace", terminated_replace)
    replace_files(writes)
    signal.signal(signal.SIGUSR1, signal.SIG_DFL)
    assert received == [signal.SIGUSR1]
    assert contents(tmp_path) == {n: b"new\n" for n in ("a.yaml", "b.yaml", "c.yaml")}


def test_sigterm_while_the_temporary_files_are_written_leaves_none_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `kill` of a `survey import` over 3,000 files left up to 1,900 `.tmp` files beside them.
    writes = three(tmp_path)
    real_fsync = os.fsync
    received: list[int] = []
    monkeypatch.setattr(signal, "SIGTERM", signal.SIGUSR1)  # a signal the test can catch
    signal.signal(signal.SIGUSR1, lambda signum, frame: received.append(signum))

    def terminated_fsync(fd: int) -> None:
        real_fsync(fd)
        if not received:
            os.kill(os.getpid(), signal.SIGUSR1)

    monkeypatch.setattr(os, "fsync", terminated_fsync)
    try:
        with pytest.raises(Interrupted, match="chưa ghi tệp nào"):
            replace_files(writes)
    finally:
        signal.signal(signal.SIGUSR1, signal.SIG_DFL)
    assert received == [signal.SIGUSR1]  # delivered again once the temporaries are gone
    assert contents(tmp_path) == {n: b"old\n" for n in ("a.yaml", "b.yaml", "c.yaml")}


def test_a_closed_terminal_while_the_files_are_written_leaves_them_all_old_or_all_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SIGHUP (the SSH session closed) ends a process as SIGTERM does.
    real_fsync, real_replace = os.fsync, os.replace
    received: list[int] = []
    monkeypatch.setattr(signal, "SIGHUP", signal.SIGUSR2)  # a signal the test can catch
    signal.signal(signal.SIGUSR2, lambda signum, frame: received.append(signum))

    def hangup(*args: object) -> None:
        if not received:
            os.kill(os.getpid(), signal.SIGUSR2)

    try:
        monkeypatch.setattr(os, "fsync", lambda fd: (real_fsync(fd), hangup()))
        with pytest.raises(Interrupted, match="chưa ghi tệp nào"):
            replace_files(three(tmp_path))
        assert contents(tmp_path) == {n: b"old\n" for n in ("a.yaml", "b.yaml", "c.yaml")}
        monkeypatch.setattr(os, "fsync", real_fsync)
        received.clear()
        monkeypatch.setattr(os, "replace", lambda src, dst: (real_replace(src, dst), hangup()))
        replace_files(three(tmp_path))  # held until the renames are done, then delivered
        assert contents(tmp_path) == {n: b"new\n" for n in ("a.yaml", "b.yaml", "c.yaml")}
    finally:
        signal.signal(signal.SIGUSR2, signal.SIG_DFL)
    assert received == [signal.SIGUSR2]


def test_ctrl_c_just_as_a_temporary_file_is_made_leaves_none_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    writes = three(tmp_path)
    real_mkstemp = tempfile.mkstemp

    def interrupted_mkstemp(**kwargs: object) -> tuple[int, str]:
        made = real_mkstemp(**kwargs)  # type: ignore[call-overload]
        if kwargs["prefix"] == ".b.yaml.":
            os.close(made[0])
            raise KeyboardInterrupt  # after the file exists, before its name is returned
        return made  # type: ignore[no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", interrupted_mkstemp)
    with pytest.raises(Interrupted, match="chưa ghi tệp nào"):
        replace_files(writes)
    assert contents(tmp_path) == {n: b"old\n" for n in ("a.yaml", "b.yaml", "c.yaml")}


def test_leftover_temporary_files_of_a_target_are_removed_before_it_is_written(
    tmp_path: Path,
) -> None:
    (tmp_path / ".a.yaml.k3x9q2ab.tmp").write_bytes(b"half")
    (tmp_path / ".b.yaml.k3x9q2ab.tmp").write_bytes(b"not ours to touch")
    (tmp_path / "a.yaml").write_bytes(b"old\n")
    replace_files([Write(tmp_path / "a.yaml", b"new\n", b"old\n")])
    assert sorted(p.name for p in tmp_path.iterdir()) == [".b.yaml.k3x9q2ab.tmp", "a.yaml"]
    assert remove_leftovers(tmp_path / "b.yaml") == [tmp_path / ".b.yaml.k3x9q2ab.tmp"]


# ---------------------------------------------------------------- one writer


@pytest.mark.slow
def test_the_workspace_lock_lets_one_writer_in_at_a_time(tmp_path: Path) -> None:
    inside = threading.Event()
    release = threading.Event()
    order: list[str] = []

    def first() -> None:
        with workspace_lock(tmp_path):
            order.append("first in")
            inside.set()
            release.wait(10)
            order.append("first out")

    def second() -> None:
        inside.wait(10)
        with workspace_lock(tmp_path):
            order.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    inside.wait(10)
    threads[1].join(0.3)  # the second writer is held at the lock
    assert threads[1].is_alive()
    release.set()
    for thread in threads:
        thread.join(10)
    assert order == ["first in", "first out", "second in"]


def test_a_lock_held_too_long_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(locks, "LOCK_WAIT", 0.0)
    with (
        workspace_lock(tmp_path),
        pytest.raises(UsageError, match="một lệnh parcli khác đang ghi"),
        workspace_lock(tmp_path),
    ):
        pass


def test_a_lock_file_another_user_made_is_locked_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with workspace_lock(tmp_path):  # another user made the lock file, with their umask
        pass
    real_open = os.open
    modes: list[int] = []

    def other_users_file(path: object, flags: int, *args: object) -> int:
        modes.append(flags)
        if str(path).endswith(".lock") and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", other_users_file)
    with workspace_lock(tmp_path):
        pass
    assert modes[-1] == os.O_RDONLY

    def nobody_may(path: object, flags: int, *args: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "open", nobody_may)
    with (
        pytest.raises(UsageError, match=r"không mở được khóa ghi .*: không có quyền truy cập"),
        workspace_lock(tmp_path),
    ):
        pass
