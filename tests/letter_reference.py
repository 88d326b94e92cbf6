"""A reference document unlike kamdocs' own: Liberation Serif on US Letter, 1-inch margins.

Built at test time from the shipped reference (its styles, header and footer), with every
font named replaced and the page resized, to check that layout follows the reference.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = REPO / "templates" / "docx" / "reference.docx"
LETTER_FONT = "Liberation Serif"
# US Letter, 8.5 x 11 in, and 1-inch margins, in twips.
LETTER_PAGE = '<w:pgSz w:w="12240" w:h="15840"/>'
LETTER_MARGINS = (
    '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" '
    'w:header="720" w:footer="720" w:gutter="0"/>'
)


def _retype(xml: str) -> str:
    return re.sub(r'(w:(?:ascii|hAnsi|eastAsia|cs)=")[^"]*"', rf'\g<1>{LETTER_FONT}"', xml)


def make_letter_reference(path: Path) -> Path:
    """Write the Letter / Liberation Serif reference to `path` and return it."""
    with zipfile.ZipFile(DEFAULT_REFERENCE) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/styles.xml":
                data = _retype(data.decode()).encode()
            elif item.filename == "word/document.xml":
                text = re.sub(r"<w:pgSz [^>]*/>", LETTER_PAGE, data.decode())
                data = re.sub(r"<w:pgMar [^>]*/>", LETTER_MARGINS, text).encode()
            target.writestr(item, data)
    return path
