"""Passports as an A4 PDF: one page per pupil, for one pupil or a whole class.

WeasyPrint gets a URL fetcher that serves only our own stylesheet folder and the photos handed
to it, so a passport can never make the server fetch anything from the network or read other files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from opensend.pupils.models import Pupil
from opensend.schools.models import School

from .models import PassportPhoto, PassportVersion

DOCUMENTS_DIR = (Path(__file__).parent / "documents").resolve()
STYLESHEET = DOCUMENTS_DIR / "passport.css"
PHOTO_SCHEME = "passport-photo"
# A profile longer than this prints in a smaller type so that it still fits on one page.
DENSE_FROM_CHARACTERS = 1800
# CSS classes for ever smaller type, tried in turn until a passport fits on one page.
DENSITIES = ("", "passport--dense", "passport--densest")


class RefusedFetch(ValueError):
    pass


class LocalOnlyFetcher(URLFetcher):
    """Our own files under documents/ and the given photos; anything else is refused."""

    def __init__(self, photos: dict[str, PassportPhoto]) -> None:
        super().__init__(allowed_protocols={"file", PHOTO_SCHEME})
        self.photos = photos

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith(f"{PHOTO_SCHEME}:"):
            photo = self.photos.get(url.removeprefix(f"{PHOTO_SCHEME}:"))
            if photo is not None:
                return URLFetcherResponse(url, bytes(photo.content), {"Content-Type": photo.content_type})
        elif url.startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if path.is_relative_to(DOCUMENTS_DIR) and path.is_file():
                return URLFetcherResponse(url, path.read_bytes())
        raise RefusedFetch(f"A passport may not fetch {url}")


@dataclass(frozen=True)
class PassportPage:
    pupil: Pupil
    version: PassportVersion
    year: str
    group: str

    @property
    def photo_url(self) -> str:
        return f"{PHOTO_SCHEME}:{self.version.photo_id}" if self.version.photo_id else ""

    @property
    def rows(self) -> list[list[dict[str, str]]]:
        """The sections other than the pupil's own words, two to a row."""
        cards = [section for section in self.version.sections if section["key"] != "own_words"]
        return [cards[index : index + 2] for index in range(0, len(cards), 2)]

    @property
    def first_density(self) -> int:
        """Where to start: most passports are short and print at the normal size first time."""
        length = sum(len(section["text"]) for section in self.version.sections)
        return 1 if length >= DENSE_FROM_CHARACTERS else 0


def render_passports(pages: list[PassportPage], *, school: School, title: str, group=None) -> bytes:
    """One PDF with a page for each passport. Each is laid out on its own and, if it runs onto a
    second page, again in smaller type, so that every passport stays on one side of A4."""
    photo_ids = {page.version.photo_id for page in pages if page.version.photo_id}
    photos = {str(photo.pk): photo for photo in PassportPhoto.objects.filter(pk__in=photo_ids)}
    fetcher = LocalOnlyFetcher(photos)
    stylesheet = CSS(filename=str(STYLESHEET), url_fetcher=fetcher)
    context = {"school": school, "title": title, "group": group, "printed_at": timezone.localtime()}

    def laid_out(passports: list[PassportPage], density: str = ""):
        html = render_to_string("passports/pdf.html", {**context, "pages": passports, "density": density})
        document = HTML(string=html, base_url=f"{DOCUMENTS_DIR.as_uri()}/", url_fetcher=fetcher)
        return document.render(stylesheets=[stylesheet])

    documents = []
    for page in pages:
        for density in DENSITIES[page.first_density :]:
            document = laid_out([page], density)
            if len(document.pages) == 1:
                break
        documents.append(document)
    if not documents:
        documents.append(laid_out([]))
    return documents[0].copy([laid_page for document in documents for laid_page in document.pages]).write_pdf()
