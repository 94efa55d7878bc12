"""Read stage: pick the reader for a file and return a Book."""
from __future__ import annotations

from pathlib import Path

from .errors import UserError
from .model import Book

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
ZIP_MAGIC = b"PK\x03\x04"


def load_book(path: Path, *, title: str | None = None, author: str | None = None,
              keep_front_matter: bool = False) -> Book:
    path = Path(path)
    if not path.exists():
        raise UserError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise UserError(f"{path} is a folder; give the book file inside it (.txt, .md or .epub)")
    if not path.is_file():  # a pipe or a device: opening a FIFO would wait for a writer forever
        raise UserError(f"{path} is not a regular file (a pipe or a device); save the book to a file and give that")
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as e:
        raise UserError(f"{path}: cannot be read ({e.strerror}); check its permissions") from None
    suffix = path.suffix.lower()
    if suffix == ".epub" or head.startswith(ZIP_MAGIC):
        if suffix not in (".epub",) and suffix not in TEXT_SUFFIXES:
            raise UserError(f"{path}: a zip archive that is not an .epub; audiobook reads .txt, .md and .epub")
        from .readers.epub import read_epub

        return read_epub(path, title=title, author=author, keep_front_matter=keep_front_matter)
    if head.startswith(b"%PDF"):
        raise UserError(f"{path} is a PDF; audiobook reads .txt, .md and .epub (convert it to text first)")
    from .readers.text import read_text

    return read_text(path, title=title, author=author)
