"""Ways a file arrives broken: saved in another encoding, bytes flipped on a bad drive, cut short."""

from __future__ import annotations

from hypothesis import strategies as st


def encode_badly(draw: st.DrawFn, text: str) -> bytes:
    """`text` as UTF-8 (often), UTF-8 with a byte-order mark, UTF-16, Windows-1252, with a few
    bytes flipped, or cut at any byte."""
    how = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252", "flip", "cut"]))
    if how in ("utf-8", "utf-8-sig", "utf-16"):
        return text.encode(how, errors="surrogatepass")
    if how == "cp1252":
        return text.encode("cp1252", errors="replace")
    data = bytearray(text.encode("utf-8", errors="surrogatepass"))
    if how == "cut" or not data:
        return bytes(data[: draw(st.integers(0, len(data)))])
    for _ in range(draw(st.integers(1, 5))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)
