"""File contents by blob id, read from one `git cat-file --batch` process for a whole run.

A file version is read once, whatever the number of revisions that hold it. Files of the
working tree get the id git would give them, so they share the same cache.
"""

from __future__ import annotations

import hashlib
import subprocess
from types import TracebackType

from parcli.git.repo import Repo


def blob_id(data: bytes) -> str:
    """The id `git hash-object` gives these bytes."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


class Blobs:
    def __init__(self, repo: Repo) -> None:
        self.repo = repo
        self._process: subprocess.Popen[bytes] | None = None
        self._local: dict[str, bytes] = {}

    def read(self, sha: str) -> bytes:
        local = self._local.get(sha)
        if local is not None:
            return local
        if self._process is None:
            self._process = self.repo.popen("cat-file", "--batch")
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None  # both are pipes (Repo.popen)
        stdin.write(sha.encode("ascii") + b"\n")
        stdin.flush()
        header = stdout.readline().split()
        if len(header) != 3:
            raise OSError(f"git cat-file: no blob {sha}")
        data = stdout.read(int(header[2]))
        stdout.read(1)  # the newline after the contents
        return data

    def add(self, data: bytes) -> str:
        """Keep a working-tree file's bytes under their blob id."""
        sha = blob_id(data)
        self._local[sha] = data
        return sha

    def close(self) -> None:
        if self._process is not None:
            process, self._process = self._process, None
            assert process.stdin is not None
            process.stdin.close()
            process.wait()
            if process.stdout is not None:
                process.stdout.close()

    def __enter__(self) -> Blobs:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
