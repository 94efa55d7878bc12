"""Regressions from fuzzing the readers: each input once raised a traceback,
printed kilobytes of raw bytes, lost text or read it twice."""
from __future__ import annotations

import struct
import zipfile

import pytest

from audiobook.book import load_book
from audiobook.errors import UserError
from audiobook.readers.epub import read_epub

try:  # tests/ may or may not be a package, depending on the checkout
    from tests.epub_factory import PNG_1X1, Doc, make_epub, read_zip, write_zip
except ImportError:
    from epub_factory import PNG_1X1, Doc, make_epub, read_zip, write_zip

ONE = [Doc("ch1.xhtml", "<p>It was night.</p>")]


def _central_header(data: bytes, name: bytes) -> int:
    """Offset of ``name``'s central directory header."""
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + length] == name:
            return at
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(name)


def _with_opf(path, old: str, new: str):
    files = read_zip(path)
    opf = files["OEBPS/content.opf"].decode()
    assert old in opf
    files["OEBPS/content.opf"] = opf.replace(old, new).encode()
    return write_zip(path, files)


def test_zip_directory_with_impossible_version_is_a_damaged_epub(tmp_path):
    path = make_epub(tmp_path / "b.epub", ONE)
    data = bytearray(path.read_bytes())
    # "version needed to extract" 13.9: zipfile raised NotImplementedError
    struct.pack_into("<H", data, _central_header(bytes(data), b"OEBPS/ch1.xhtml") + 6, 139)
    path.write_bytes(bytes(data))
    with pytest.raises(UserError) as err:
        load_book(path)
    assert str(err.value) == (f"{path}: the EPUB (a zip archive) is damaged or truncated (zip file version 13.9); "
                              "try downloading it again")


def test_damaged_entry_message_stays_short(tmp_path):
    path = make_epub(tmp_path / "b.epub", ONE)
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo("OEBPS/ch1.xhtml")
    # a corrupt name length in the local header: zipfile quoted the 3000 bytes it read as the name
    struct.pack_into("<H", data, info.header_offset + 26, 3000)
    path.write_bytes(bytes(data))
    with pytest.raises(UserError) as err:
        read_epub(path)
    message = str(err.value)
    assert message.startswith(f"{path}: OEBPS/ch1.xhtml inside the EPUB is damaged (File name in directory ")
    assert message.endswith("\u2026); try downloading the book again")
    assert len(message) < len(str(path)) + 200 and "\n" not in message


def test_entry_with_unsupported_compression_method(tmp_path):
    path = make_epub(tmp_path / "b.epub", ONE)
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo("OEBPS/ch1.xhtml")
    struct.pack_into("<H", data, info.header_offset + 8, 9)  # Deflate64
    struct.pack_into("<H", data, _central_header(bytes(data), b"OEBPS/ch1.xhtml") + 10, 9)
    path.write_bytes(bytes(data))
    with pytest.raises(UserError) as err:
        read_epub(path)
    assert str(err.value) == (f"{path}: OEBPS/ch1.xhtml inside the EPUB is compressed with a method audiobook "
                              "cannot read (zip method 9); re-save the book with an EPUB editor (Calibre, Sigil) "
                              "and try again")


@pytest.mark.parametrize("media_type", [
    ' media-type="APPLICATION/XHTML+XML"',
    ' media-type="application/xhtml+xml; charset=utf-8"',
    ' media-type=" application/xhtml+xml "',
    ' media-type="text/xml"',
    ' media-type="application/octet-stream"',
    "",  # none at all
])
def test_page_with_an_odd_media_type_is_read_by_its_file_name(tmp_path, media_type):
    path = make_epub(tmp_path / "b.epub", ONE)
    # was: "the EPUB has no readable text (only images or empty pages?)"
    _with_opf(path, ' media-type="application/xhtml+xml"/><item id="nav"',
              f'{media_type}/><item id="nav"')
    book = read_epub(path)
    assert book.text == "It was night.\n"
    assert book.notices == []


def test_image_media_type_on_an_xhtml_name_stays_an_image(tmp_path):
    path = make_epub(tmp_path / "b.epub", ONE + [Doc("pic.xhtml", "<p>unused</p>")])
    _with_opf(path, 'href="pic.xhtml" media-type="application/xhtml+xml"', 'href="pic.xhtml" media-type="image/png"')
    assert read_epub(path).text == "It was night.\n"


def test_page_listed_twice_in_the_spine_is_read_once(tmp_path):
    docs = [Doc("ch1.xhtml", "<p>One.</p>"), Doc("ch2.xhtml", "<p>Two.</p>")]
    path = make_epub(tmp_path / "b.epub", docs)
    _with_opf(path, '<itemref idref="d2"/>', '<itemref idref="d2"/><itemref idref="d1"/><itemref idref="d2"/>')
    book = read_epub(path)
    assert book.text == "One.\n\nTwo.\n"
    assert book.notices == ["the EPUB's reading order (spine) lists OEBPS/ch1.xhtml and OEBPS/ch2.xhtml "
                            "more than once; read once"]


def test_two_manifest_items_for_one_file_read_once(tmp_path):
    path = make_epub(tmp_path / "b.epub", ONE)
    _with_opf(path, '<itemref idref="d1"/>', '<itemref idref="d1"/><itemref idref="again"/>')
    _with_opf(path, "</manifest>", '<item id="again" href="ch1.xhtml" media-type="application/xhtml+xml"/></manifest>')
    book = read_epub(path)
    assert book.text == "It was night.\n"
    assert book.notices == ["the EPUB's reading order (spine) lists OEBPS/ch1.xhtml more than once; read once"]


def test_binary_data_filed_as_a_page_is_skipped_not_read_aloud(tmp_path):
    docs = [Doc("ch1.xhtml", "<p>It was night.</p>"), Doc("img.xhtml", "", raw="")]
    path = make_epub(tmp_path / "b.epub", docs)
    files = read_zip(path)
    files["OEBPS/img.xhtml"] = PNG_1X1
    write_zip(path, files)
    book = read_epub(path)
    assert book.text == "It was night.\n"
    assert book.notices == ["the EPUB's reading order (spine) lists OEBPS/img.xhtml as a page, but it holds "
                            "binary data, not text; skipped"]


def test_only_binary_pages_is_a_user_error(tmp_path):
    path = make_epub(tmp_path / "b.epub", [Doc("img.xhtml", "", raw="")])
    files = read_zip(path)
    files["OEBPS/img.xhtml"] = PNG_1X1
    write_zip(path, files)
    with pytest.raises(UserError) as err:
        read_epub(path)
    assert str(err.value) == f"{path}: the EPUB has no readable text (only images or empty pages?); nothing to read aloud"


def test_utf16_page_with_nul_bytes_is_still_text(tmp_path):
    page = ('<?xml version="1.0" encoding="utf-16"?><html xmlns="http://www.w3.org/1999/xhtml">'
            "<body><p>Sixteen bits.</p></body></html>").encode("utf-16-le")  # no byte-order mark
    path = make_epub(tmp_path / "b.epub", [Doc("a.xhtml", "", raw="")])
    files = read_zip(path)
    files["OEBPS/a.xhtml"] = page
    write_zip(path, files)
    book = read_epub(path)
    assert book.text == "Sixteen bits.\n"
    assert book.notices == []


def test_percent_encoded_package_path_in_container(tmp_path):
    path = make_epub(tmp_path / "b.epub", ONE)
    files = read_zip(path)
    files = {k.replace("OEBPS/", "My Book/"): v for k, v in files.items()}
    files["META-INF/container.xml"] = files["META-INF/container.xml"].replace(b"OEBPS/content.opf",
                                                                              b"My%20Book/content.opf")
    write_zip(path, files)
    book = read_epub(path)
    assert book.text == "It was night.\n"
    assert book.notices == []


def test_stray_spine_children_are_not_reported_as_none(tmp_path):
    path = make_epub(tmp_path / "b.epub", ONE)
    _with_opf(path, "<spine>", "<spine><!-- c --><foo/>text")
    book = read_epub(path)
    assert book.text == "It was night.\n"
    assert book.notices == []
