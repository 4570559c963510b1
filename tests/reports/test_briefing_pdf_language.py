"""The PDF speaks the reader's language, page numbers included."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.clients import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "title", "page_number"), [("sv", "Genomgång", "Sida 1 av 1"), ("en", "Briefing sheet", "Page 1 of 1")]
)
def test_the_briefing_pdf_is_in_the_readers_language(anna, operation, visit, language, title, page_number):
    response = signed_in_client(anna, language=language).get(reverse("briefing_pdf", args=[operation.pk]))
    reader = PdfReader(io.BytesIO(response.content))
    text = reader.pages[0].extract_text()
    assert reader.metadata.title.startswith(title)
    assert page_number in text
