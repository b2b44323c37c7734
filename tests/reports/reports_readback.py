"""Reading printed PDFs back: their text, their fonts, the QR codes on a rendered page."""

from __future__ import annotations

import subprocess
from pathlib import Path


def pdf_fonts(path: Path) -> str:
    """`pdffonts` output for a PDF."""
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def pdf_text(path: Path) -> str:
    """All the text of a PDF, as pypdf extracts it."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def card_qr_payloads(pdf: Path, out_dir: Path, columns: int = 2, rows: int = 4) -> list[str]:
    """Render page 1 at 150 dpi with pdftoppm and read each card's QR code with zbarimg, card by card.

    Each card is cut out before decoding, as a station scanner sees one card at a time (zbarimg
    misses one code now and then on a page of eight, whatever draws them). A card with no
    readable code gives "".
    """
    from PIL import Image

    prefix = out_dir / "cards"
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf), str(prefix)], check=True)
    page = Image.open(next(out_dir.glob("cards*.png")))
    width, height = page.size
    payloads = []
    for slot in range(columns * rows):
        x, y = (slot % columns) * width // columns, (slot // columns) * height // rows
        card = out_dir / f"card{slot}.png"
        page.crop((x, y, x + width // columns, y + height // rows)).save(card)
        done = subprocess.run(["zbarimg", "--raw", "-q", str(card)], capture_output=True, text=True)
        payloads.append(done.stdout.strip())
    return payloads
