"""The kit's files under MEDIA_ROOT, written whole or not at all."""

import os
import tempfile
from pathlib import Path

from django.conf import settings


def path_of(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def write_atomically(name: str, content: bytes) -> None:
    """Write `content` to a temporary file beside `name`, then rename it over `name`.

    A reader, or a worker stopped half-way, sees the old file or the new one, never a
    part of one; the rename is atomic within one file system.
    """
    path = path_of(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide it from a web server
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove(names) -> None:
    for name in names:
        if name:
            path_of(name).unlink(missing_ok=True)


def all_exist(names) -> bool:
    return all(name and path_of(name).is_file() for name in names)
