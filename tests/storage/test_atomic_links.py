"""atomic_write and symbolic links: a link the user made in a folder of theirs is written
through (a symlinked config keeps its link); a link in a folder other users can write
(/tmp, a folder left 0777) or in another user's folder is refused with a StorageError
that says why, and nothing is written where it points."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from flowdeck.storage.atomic import FileOps, StorageError, atomic_write


class FolderOwnedBy(FileOps):
    def __init__(self, folder: Path, uid: int) -> None:
        self.folder, self.uid = os.path.realpath(folder), uid

    def lstat(self, path: str) -> os.stat_result:
        info = super().lstat(path)
        if os.path.realpath(path) != self.folder or stat.S_ISLNK(info.st_mode):
            return info
        fields = list(info)
        fields[stat.ST_UID] = self.uid
        return os.stat_result(fields)


def planted_link(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(shared folder, link in it, the file the link points at)."""
    victim = tmp_path / "private" / "important.txt"
    victim.parent.mkdir(mode=0o700)
    victim.write_bytes(b"keep me")
    shared = tmp_path / "shared"
    shared.mkdir()
    link = shared / "export.txt"
    link.symlink_to(victim)
    return shared, link, victim


def test_a_link_in_a_folder_others_can_write_is_refused(tmp_path) -> None:
    shared, link, victim = planted_link(tmp_path)
    shared.chmod(0o1777)  # as /tmp
    with pytest.raises(StorageError) as info:
        atomic_write(link, b"overwritten")
    message = str(info.value)
    assert f"Could not write {link}" in message
    assert "symbolic link in a folder other users can write to" in message
    assert victim.read_bytes() == b"keep me" and link.is_symlink()


def test_a_link_in_a_folder_of_another_user_is_refused(tmp_path) -> None:
    shared, link, victim = planted_link(tmp_path)
    shared.chmod(0o755)
    with pytest.raises(StorageError, match=r"folder of another user \(uid 4242\)"):
        atomic_write(link, b"overwritten", FolderOwnedBy(shared, 4242))
    assert victim.read_bytes() == b"keep me"


def test_a_link_in_the_users_own_folder_is_written_through(tmp_path) -> None:
    shared, link, victim = planted_link(tmp_path)
    shared.chmod(0o700)
    atomic_write(link, b"new")
    assert link.is_symlink() and victim.read_bytes() == b"new"


def test_a_chain_is_checked_link_by_link(tmp_path) -> None:
    shared, link, victim = planted_link(tmp_path)
    shared.chmod(0o777)
    mine = tmp_path / "mine"
    mine.mkdir(mode=0o700)
    (mine / "flowdeck.toml").symlink_to(link)  # my link, to a link in a shared folder
    with pytest.raises(StorageError, match="other users can write"):
        atomic_write(mine / "flowdeck.toml", b"overwritten")
    assert victim.read_bytes() == b"keep me"
