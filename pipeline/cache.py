"""The project's folder in the user's cache directory: what a process builds once from the shipped
data and the next process can load instead (compiled patterns, validated rule files, jieba's store).

``POLICY_MEASURES_CACHE_DIR`` chooses the folder; ``POLICY_MEASURES_NO_CACHE=1`` turns the pattern and
rule caches off (everything is built afresh in every process). A file that cannot be read or written
is a cold start, never an error.
"""
from __future__ import annotations

import io
import os
import pickle
from pathlib import Path
from typing import Any, Optional


def user_cache_dir() -> Path:
    """``POLICY_MEASURES_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/policy-measures`` (``~/.cache``)."""
    chosen = os.environ.get("POLICY_MEASURES_CACHE_DIR")
    if chosen:
        return Path(chosen)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "policy-measures"


def cache_dir() -> Optional[Path]:
    """Where the optional caches live, or None when they are off."""
    if os.environ.get("POLICY_MEASURES_NO_CACHE", "").strip() not in ("", "0"):
        return None
    return user_cache_dir()


def write_atomically(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file renamed into place (a reader never sees half
    a file; of two writers the last wins). False when the folder cannot be written."""
    import tempfile  # only when writing: not on every start-up

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError:  # read-only home, full disk
        return False
    return True


def load_pickle(path: Optional[Path], unpickler: type[pickle.Unpickler]) -> Any:
    """The object pickled at ``path``, read with ``unpickler`` (one whose ``find_class`` admits only the
    classes the cache holds), or None when the file is missing, unreadable, truncated or refused."""
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        return unpickler(io.BytesIO(data)).load()
    except Exception:  # truncated, foreign or from another version of the format: a cold start
        return None


class PlainDataOnly(pickle.Unpickler):
    """Unpickles plain data only (dicts, lists, strings, numbers): any class is refused."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"a cache of plain data holds no classes: {module}.{name}")


def keyed_file(stem: str, *sources: bytes) -> Optional[Path]:
    """``<cache>/<stem>-<hash>.pickle``, the hash taken over ``sources`` (the bytes the cached thing is built from,
    so that a changed source is a new file); None when the caches are off."""
    import hashlib  # only for the caches that are keyed by content

    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha1()
    for source in sources:
        digest.update(source)
    return folder / f"{stem}-{digest.hexdigest()[:16]}.pickle"


def write_merged(path: Path, on_disk: dict, mine: dict, used: set, max_entries: int) -> bool:
    """Write ``mine`` over what the file held (``on_disk``), for the stores several processes add to; a store grown
    past ``max_entries`` is rewritten with the entries this process ``used`` only. False when it cannot be written."""
    merged = {**on_disk, **mine}
    if len(merged) > max_entries:
        merged = {k: v for k, v in mine.items() if k in used}
    return write_atomically(path, pickle.dumps(merged, protocol=pickle.HIGHEST_PROTOCOL))
