"""Writing outputs to disk so that nothing lands anywhere but where the user asked.

Every writer here is shared by the CLI, the store and the web app:

- `check_output` refuses an `-o` that cannot be written (under a regular file, in a read-only
  folder) before any work is done, instead of after a long run.
- `open_output` writes a regular file atomically (beside the target, renamed once done), follows
  a symlink to the file it names (the link stays a link), and writes straight into a device, a
  FIFO or a `/dev/std*` stream instead of replacing it with a regular file.
- `write_reports` puts one file per article into a folder under names derived from the ids but
  never chosen by them: safe characters only, capped in length, unique, and an `index.html`
  lists them.
- `write_analyses` writes analyses in a format to a file, a folder or a stream: the formats that
  stream go out one analysis at a time, so a big corpus never sits in memory.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from itertools import chain
from pathlib import Path
from typing import TextIO

from glasnost.analysis import Analysis
from glasnost.errors import Errors, InputError
from glasnost.render import render
from glasnost.render.index import render_index

MAX_STEM = 64
INDEX = "index.html"
#: Formats that render one article per file (several go into a folder) and formats that stream.
ONE_PER_FILE = frozenset({"html"})
STREAMED = frozenset({"jsonl", "tsv"})
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Names a report must not take: the index, and the device names Windows reserves in any folder.
_RESERVED = {"index", "con", "prn", "aux", "nul"} | {f"{kind}{n}" for kind in ("com", "lpt") for n in range(10)}


def check_output(path: Path, one_file: bool = True) -> None:
    """Refuse, with the reason, an output that cannot be written: a directory where one file is
    due, a path under a regular file, or a folder this process may not write into."""
    if one_file and path.is_dir():
        raise InputError(Errors.E080.format(path=path))
    if is_stream(path):
        if not os.access(path, os.W_OK):
            raise InputError(Errors.E121.format(path=path, folder=path, reason="permission denied"))
        return
    resolved = Path(os.path.realpath(path))
    folder = resolved if path.is_dir() else resolved.parent
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir():
        raise InputError(Errors.E120.format(path=path, parent=folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        reason = "read-only file system" if os.statvfs(folder).f_flag & os.ST_RDONLY else "permission denied"
        raise InputError(Errors.E121.format(path=path, folder=folder, reason=reason))


_OWN_STREAMS = ("/proc/", "/dev/fd/", "/dev/stdout", "/dev/stderr")


def is_stream(path: Path) -> bool:
    """An existing device, FIFO or socket, or a name for one of the process's own streams
    (`/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`, or a link to one), which may stand for a
    regular file the shell opened and must be written through, not renamed over."""
    hop = path
    for _ in range(40):
        if str(hop).startswith(_OWN_STREAMS):
            return hop.exists()
        if not hop.is_symlink():
            break
        hop = hop.parent / os.readlink(hop)
    try:
        mode = os.stat(path).st_mode
    except OSError:  # missing, under a file, or a loop of links: nothing to write through
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


@contextmanager
def open_output(path: Path, follow_symlinks: bool = True) -> Iterator[TextIO]:
    """A text handle whose contents replace `path` once the block ends without error.

    A regular file is written beside the target and renamed over it, so a crash never leaves half
    a report over a good one, and a finished run replaces the target even when it wrote nothing
    (an old report must not pass for this run's). It gets the usual permissions (0666 less the
    umask), not the 0600 of a temporary file. A symlink is followed to its target, unless
    `follow_symlinks` is false (a folder of reports replaces a planted link, never its target).
    A stream is written in place: renaming over `/dev/null` would replace the device."""
    if follow_symlinks:
        check_output(path)
    if follow_symlinks and is_stream(path):
        with open(path, "a", encoding="utf-8") as handle:
            yield handle
        return
    target = Path(os.path.realpath(path)) if follow_symlinks and path.is_symlink() else path
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name[:MAX_STEM]}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    handle = os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "w", encoding="utf-8")
    try:
        yield handle
    except BaseException:
        handle.close()
        os.unlink(tmp)
        raise
    handle.close()
    os.replace(tmp, target)


def write_output(path: Path, text: str, follow_symlinks: bool = True) -> None:
    """Write `text` to `path` as `open_output` does."""
    with open_output(path, follow_symlinks) as handle:
        handle.write(text)


def safe_stem(article_id: str) -> str:
    """A file stem for an article id: ASCII letters, digits, `.`, `_` and `-` only, no leading dot,
    at most `MAX_STEM` characters plus a hash. An id that had to change carries the first eight
    hex digits of its SHA-256, so two ids that clean up alike still get apart."""
    stem = _UNSAFE.sub("-", article_id).strip(".-_")[:MAX_STEM].rstrip(".-_")
    if stem == article_id and stem.lower() not in _RESERVED:
        return stem
    digest = hashlib.sha256(article_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{stem}-{digest}" if stem else digest


class FileNames:
    """Hands out unique file names in `folder`: the same id twice gets `-2`, `-3`... Names are
    compared case-folded, as a case-insensitive file system would, and a name a folder already
    holds as a directory is passed over (a report cannot replace it)."""

    def __init__(self, folder: Path, suffix: str) -> None:
        self.folder = folder
        self.suffix = suffix
        self._taken: set[str] = set()

    def _free(self, name: str) -> bool:
        return name.casefold() not in self._taken and not (self.folder / name).is_dir()

    def name_for(self, article_id: str) -> str:
        stem = safe_stem(article_id)
        candidate, n = stem, 1
        while not self._free(f"{candidate}{self.suffix}"):
            n += 1
            candidate = f"{stem}-{n}"
        name = f"{candidate}{self.suffix}"
        self._taken.add(name.casefold())
        return name


def write_reports(folder: Path, analyses: Iterable[Analysis], fmt: str) -> list[str]:
    """One `<safe name>.<fmt>` per analysis inside `folder`, then (for html) an `index.html`
    listing them; returns the names written, in order."""
    check_output(folder, one_file=False)
    folder.mkdir(parents=True, exist_ok=True)
    names = FileNames(folder, f".{fmt}")
    written: list[tuple[str, Analysis]] = []
    for analysis in analyses:
        name = names.name_for(analysis.article.id)
        write_output(folder / name, render([analysis], fmt), follow_symlinks=False)
        written.append((name, analysis))
    if fmt == "html":
        write_output(folder / INDEX, render_index(written), follow_symlinks=False)
    return [name for name, _ in written]


def write_analyses(
    analyses: Iterable[Analysis],
    fmt: str,
    output: Path | None,
    stream: TextIO,
    written: Callable[[Analysis], None] = lambda analysis: None,
) -> None:
    """Write `analyses` in `fmt` to `output`, or to `stream` when it is None, calling `written`
    for each once it is out.

    A streamed format goes out one analysis at a time. A one-per-file format becomes one file
    for one analysis, or a folder of reports (`write_reports`) for several or when `output` is
    an existing folder. With no analysis at all nothing is opened: a caller reports that as an
    error, and an error must not empty a good old report."""
    items = iter(analyses)
    first = next(items, None)
    if first is None:
        return
    if fmt in STREAMED:
        with open_output(output) if output else nullcontext(stream) as handle:
            for analysis in chain([first], items):
                handle.write(render([analysis], fmt))
                handle.flush()
                written(analysis)
        return
    collected = [first, *items]
    if fmt in ONE_PER_FILE and (len(collected) > 1 or (output is not None and output.is_dir())):
        if output is None or (output.exists() and not output.is_dir()) or output.suffix:
            raise InputError(Errors.E041.format(fmt=fmt, count=len(collected)))
        write_reports(output, collected, fmt)
    elif output is None:
        stream.write(render(collected, fmt))
    else:
        write_output(output, render(collected, fmt))
    for analysis in collected:
        written(analysis)
