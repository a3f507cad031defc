"""What every PDF we make must be: tagged, Swedish, PDF/UA-1 and PDF/A-2, fonts embedded."""

import io
import re
import subprocess

import pikepdf


def pdf_text(pdf: bytes) -> str:
    """The text as `pdftotext` reads it, spaces of every kind made plain and runs of them one."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode("utf-8")
    text = text.replace("\u200b", "").replace("\u202f", " ").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text)


def page_texts(pdf: bytes) -> list[str]:
    return [pdf_text_page for pdf_text_page in
            subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                           capture_output=True, check=True).stdout.decode("utf-8").split("\f")
            if pdf_text_page.strip()]


def _fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    fonts = []
    for page in pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            fonts.append(font)
            fonts.extend(font.get("/DescendantFonts", []))
    return fonts


def assert_accessible_archival_pdf(document: bytes, title: str) -> pikepdf.Pdf:
    """Structure tree, marked content, /Lang sv, PDF/A-2 and PDF/UA-1 in the XMP metadata,
    every font embedded, bookmarks; returns the opened PDF for further checks."""
    pdf = pikepdf.open(io.BytesIO(document))
    root = pdf.Root
    assert "/StructTreeRoot" in root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "sv"
    assert root.ViewerPreferences.DisplayDocTitle is True
    metadata = pdf.open_metadata()
    assert metadata["pdfaid:part"] == "2" and metadata["pdfaid:conformance"] == "A"
    assert metadata["pdfuaid:part"] == "1"
    assert metadata["dc:title"] == title
    assert "/OutputIntents" in root
    descendants = [f for f in _fonts(pdf) if "/FontDescriptor" in f]
    assert descendants
    for font in descendants:
        descriptor = font.FontDescriptor
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
    assert int(root.Outlines.Count) != 0 and "/First" in root.Outlines
    return pdf


def structure_tags(pdf: pikepdf.Pdf) -> list[str]:
    """Every structure element's type, depth first."""
    tags: list[str] = []

    def walk(element: pikepdf.Object) -> None:
        if isinstance(element, pikepdf.Dictionary):
            if "/S" in element:
                tags.append(str(element.S))
            kids = element.get("/K")
            if kids is not None:
                for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                    walk(kid)
        elif isinstance(element, pikepdf.Array):
            for kid in element:
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return tags


def outline_titles(pdf: pikepdf.Pdf) -> list[str]:
    with pdf.open_outline() as outline:
        titles: list[str] = []

        def walk(items: list[pikepdf.OutlineItem]) -> None:
            for item in items:
                titles.append(item.title)
                walk(item.children)

        walk(outline.root)
        return titles
