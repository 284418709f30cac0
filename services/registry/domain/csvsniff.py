"""What an uploaded CSV is written in: its encoding and its delimiter.

Officers' CSVs come from Excel and WPS: UTF-8 with or without BOM, UTF-16 ("Unicode text"), or
GB18030/GBK (Excel's plain "CSV" save on a Chinese Windows); comma, tab or semicolon separated.
"""

from __future__ import annotations

import codecs

__all__ = ["csv_delimiter", "csv_encoding"]


def csv_delimiter(first_line: str) -> str:
    """The most frequent of comma, tab and semicolon in the first line (comma if none)."""
    return max(",\t;", key=first_line.count) if first_line else ","


def csv_encoding(content: bytes) -> str:
    """UTF-8 (with BOM or without) or UTF-16 by their BOM, UTF-8 if it decodes, else GB18030."""
    if content.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        view = memoryview(content)
        for start in range(0, len(content), 1 << 20):
            decoder.decode(view[start : start + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"
