"""Bytes to text: BOMs, UTF-8, and a line-by-line fallback so one bad byte costs one line, not the file."""
from __future__ import annotations

import codecs
from dataclasses import dataclass, field

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_TEXT_CONTROLS = frozenset(b"\t\n\x0c\r\x1b")
_CONTROL_TABLE = bytes(range(32)).translate(None, bytes(_TEXT_CONTROLS))


@dataclass(slots=True)
class Decoded:
    """Decoded text, the encoding used, and the 1-based lines that could not be decoded as it."""

    text: str
    encoding: str
    bad_lines: dict[int, str] = field(default_factory=dict)

    def warnings(self, shown: str) -> tuple[str, ...]:
        """One ``file:line: reason`` warning per line that could not be decoded, in line order."""
        return tuple(f"{shown}:{no}: {why}" for no, why in sorted(self.bad_lines.items()))


def is_binary(raw: bytes) -> bool:
    """True when the bytes are not text: NUL bytes (outside a UTF-16/32 BOM file) or >5 % control bytes.

    Looks at the whole file with ``bytes.translate`` (C speed), not just its head.
    """
    if _bom(raw):
        return False
    if b"\x00" in raw:
        return True
    controls = len(raw) - len(raw.translate(None, _CONTROL_TABLE))
    return bool(raw) and controls / len(raw) > 0.05


def _bom(raw: bytes) -> tuple[bytes, str] | None:
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            return bom, enc
    return None


def decode_bytes(raw: bytes) -> Decoded:
    """Decode a file's bytes.

    A UTF-8/16/32 BOM decides the encoding; otherwise UTF-8. If UTF-8 fails, each line is decoded on its
    own: lines that are valid UTF-8 stay UTF-8, a bad line is decoded as cp1252 (or with U+FFFD
    replacements) and listed in ``bad_lines`` with the reason, so one stray byte costs one line.
    """
    found = _bom(raw)
    if found:
        bom, enc = found
        try:
            return Decoded(raw[len(bom):].decode(enc), enc + " (BOM)")
        except UnicodeDecodeError as exc:
            return Decoded(raw[len(bom):].decode(enc, errors="replace"), enc + " (BOM)",
                           {1: f"invalid {enc} at byte {exc.start}; bad bytes replaced by U+FFFD"})
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    parts: list[str] = []
    bad: dict[int, str] = {}
    for no, line in enumerate(raw.splitlines(keepends=True), start=1):
        try:
            parts.append(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            byte = line[exc.start]
            try:
                parts.append(line.decode("cp1252"))
                bad[no] = f"not valid UTF-8 (byte 0x{byte:02x}); this line decoded as cp1252"
            except UnicodeDecodeError:
                parts.append(line.decode("utf-8", errors="replace"))
                bad[no] = f"not valid UTF-8 (byte 0x{byte:02x}); bad bytes replaced by U+FFFD"
    enc = "cp1252" if len(bad) == sum(1 for _ in raw.splitlines()) else "utf-8 (some lines cp1252)"
    return Decoded("".join(parts), enc, bad)
