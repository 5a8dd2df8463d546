"""Reader for PDFs (placeholder replaced below)."""
from __future__ import annotations

from pathlib import Path

from sources.readers import Document, ReadError


def read_pdf(p: Path, shown: str, raw: bytes) -> Document:
    raise ReadError(shown, None, "PDF reading not implemented yet")
