"""Bringing an article in: paste, upload, URL; duplicates; every kind of bad input."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims import fetch
from claims.models import Activity, Article, Claim
from claims.services.ingest import IngestError, decode_bytes, draft_from_upload, normalise_body
from tests.factories import ArticleFactory
from tests.pages_server import serve_pages
from tests.test_articles_fetch import allow_test_server

NEW = "/articles/new/"
STORY = (
    "The council approved a budget of $4.2 billion on Monday, the mayor said.\n"
    "Spending on schools rose by 12 percent compared with last year.\n"
    "Critics said the plan would raise property taxes for more than 50,000 households."
)
HOSTILE_HTML = """<!doctype html><html><head><meta charset="utf-8">
<title>Council &lt;b&gt;budget&lt;/b&gt; row</title>
<meta property="og:site_name" content="Daily Example">
<meta name="author" content="Sam Reporter">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<script>window.stolen = document.cookie</script></head>
<body><nav>Home | World</nav><article><h1>Council budget row</h1>
<p>The council approved a budget of $4.2 billion on Monday, the mayor said.
<img src="x" onerror="alert(1)"> <a href="javascript:alert(2)">Read more</a></p>
<p>Spending on schools rose by 12 percent compared with last year, officials said on Monday.</p>
<p>Critics said the plan would raise property taxes for more than 50,000 households.</p>
<script>alert(3)</script></article></body></html>"""


def upload(name: str, data: bytes, content_type: str = "text/plain") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


# Decoding ------------------------------------------------------------------------------


def test_utf8_is_read() -> None:
    assert decode_bytes("Zürich – 5 €".encode()) == "Zürich – 5 €"


def test_bom_selects_the_encoding() -> None:
    assert decode_bytes("Zürich".encode("utf-16")) == "Zürich"  # encode() writes a BOM


def test_html_meta_charset_is_honoured() -> None:
    html = '<html><head><meta charset="windows-1252"></head><body>caf\xe9 “x”</body></html>'
    assert "café “x”" in decode_bytes(html.encode("windows-1252"), html=True)


def test_undeclared_legacy_encoding_is_detected() -> None:
    text = "Le café coûte très cher à Zürich, déclare le maire. " * 20
    assert decode_bytes(text.encode("latin-1")).startswith("Le café coûte")


def test_binary_with_nul_bytes_is_refused() -> None:
    with pytest.raises(IngestError, match="binary"):
        decode_bytes(b"PK\x03\x04\x00\x00binary")


def test_undecodable_bytes_are_refused() -> None:
    with pytest.raises(IngestError, match="could not be read"):
        decode_bytes(b"\xef\xbb\xbf\xff\xfe\xfa broken after a UTF-8 BOM")


def test_body_newlines_are_normalised() -> None:
    assert normalise_body("  a\r\nb\rc\x07 ") == "a\nb\nc"


def test_upload_extension_is_checked() -> None:
    with pytest.raises(IngestError, match=r"not a \.txt, \.md or \.html"):
        draft_from_upload("report.pdf", b"%PDF-1.7")


# The form: permissions -----------------------------------------------------------------


def test_anonymous_is_sent_to_login(client) -> None:
    response = client.get(NEW)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_outsider_cannot_open_or_post(outsider_client) -> None:
    assert outsider_client.get(NEW).status_code == 403
    assert outsider_client.post(NEW, {"text": STORY}).status_code == 403
    assert not Article.objects.exists()


def test_form_shows_every_label_and_the_button(reviewer_client) -> None:
    html = reviewer_client.get(NEW).content.decode()
    for label in ("Title", "Outlet", "URL", "Author", "Published", "Text", "File"):
        assert f">{label}</label>" in html
    assert ">Extract claims</button>" in html


# Pasting -------------------------------------------------------------------------------


@pytest.mark.parametrize("client_name", ["reviewer_client", "editor_client"])
def test_pasted_text_is_stored_and_extracted(request, db, client_name: str) -> None:
    client = request.getfixturevalue(client_name)
    response = client.post(
        NEW, {"text": STORY.replace("\n", "\r\n"), "title": "Budget", "outlet": "Daily Example"}
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/articles/{article.pk}/"
    assert article.body == STORY  # CR LF from the browser's textarea is normalised
    assert article.title == "Budget"
    assert article.extraction_status == Article.ExtractionStatus.DONE
    assert article.claims.count() > 0
    assert Activity.objects.filter(action="article.create", article=article).exists()
    assert Activity.objects.filter(action="article.extract", article=article).exists()


def test_htmx_submission_gets_a_client_redirect(reviewer_client, htmx_headers) -> None:
    response = reviewer_client.post(NEW, {"text": STORY}, headers=htmx_headers)
    article = Article.objects.get()
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/articles/{article.pk}/"


def test_title_defaults_to_the_first_line(reviewer_client) -> None:
    reviewer_client.post(NEW, {"text": STORY})
    assert Article.objects.get().title.startswith("The council approved")


def test_empty_text_is_refused_and_nothing_stored(reviewer_client) -> None:
    response = reviewer_client.post(NEW, {"text": "   \r\n ", "title": "Kept title"})
    assert response.status_code == 422
    assert "The article text is empty" in response.content.decode()
    assert 'value="Kept title"' in response.content.decode()
    assert not Article.objects.exists()


def test_text_and_file_together_are_refused(reviewer_client) -> None:
    response = reviewer_client.post(NEW, {"text": STORY, "file": upload("a.txt", b"other")})
    assert response.status_code == 422
    assert "not both" in response.content.decode()
    assert not Article.objects.exists()


# Duplicates ----------------------------------------------------------------------------


def test_duplicate_sends_the_user_to_the_existing_article(reviewer_client) -> None:
    existing = ArticleFactory(body=STORY)
    # Different whitespace and quotes, same normalised text.
    response = reviewer_client.post(NEW, {"text": STORY.replace(" ", "  ")}, follow=True)
    assert Article.objects.count() == 1
    assert response.redirect_chain[-1][0] == f"/articles/{existing.pk}/"
    assert "already in the workbench" in response.content.decode()


def test_duplicate_over_htmx_redirects_the_client(reviewer_client, htmx_headers) -> None:
    existing = ArticleFactory(body=STORY)
    response = reviewer_client.post(NEW, {"text": STORY}, headers=htmx_headers)
    assert response["HX-Redirect"] == f"/articles/{existing.pk}/"
    assert Article.objects.count() == 1


# Uploads -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["story.txt", "story.md"])
def test_text_files_upload(reviewer_client, name: str) -> None:
    reviewer_client.post(NEW, {"file": upload(name, STORY.encode())})
    assert Article.objects.get().body == STORY


def test_legacy_encoded_file_is_decoded(reviewer_client) -> None:
    text = "Le maire a déclaré que le budget atteindra 4,2 milliards d'euros cette année. " * 5
    reviewer_client.post(NEW, {"file": upload("fr.txt", text.encode("cp1252"))})
    assert "déclaré" in Article.objects.get().body


def test_html_upload_takes_text_and_metadata(reviewer_client) -> None:
    reviewer_client.post(NEW, {"file": upload("story.html", HOSTILE_HTML.encode(), "text/html")})
    article = Article.objects.get()
    assert article.outlet == "Daily Example"
    assert article.author == "Sam Reporter"
    assert str(article.published) == "2024-03-05"
    assert "approved a budget of $4.2 billion" in article.body
    for bad in ("<script", "onerror", "javascript:", "alert(", "<img"):
        assert bad not in article.body


def test_typed_details_override_the_files(reviewer_client) -> None:
    reviewer_client.post(
        NEW,
        {
            "file": upload("story.html", HOSTILE_HTML.encode(), "text/html"),
            "outlet": "The Typed Outlet",
        },
    )
    assert Article.objects.get().outlet == "The Typed Outlet"


def test_hostile_html_never_reaches_a_page_unescaped(reviewer_client) -> None:
    html = HOSTILE_HTML.replace(
        "Council budget row</h1>", "Council budget row <b onmouseover=x()>now</b></h1>"
    )
    reviewer_client.post(
        NEW,
        {
            "file": upload("story.html", html.encode(), "text/html"),
            "author": '<script>alert("author")</script>',
            "title": '<img src=x onerror="alert(9)">',
        },
    )
    article = Article.objects.get()
    for url in (f"/articles/{article.pk}/", "/articles/"):
        page = reviewer_client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert 'href="javascript:' not in page
        assert "&lt;script&gt;alert(&quot;author&quot;)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "not a .txt, .md or .html file"),
        ("sneaky.txt", b"text\x00\x01\x02binary", "looks binary"),
        ("empty.txt", b"  \n ", "The file is empty"),
        ("bad.txt", b"\xef\xbb\xbfok \xff\xfe", "could not be read"),
        ("nothing.html", b"<html><body><nav>Menu</nav></body></html>", "No article text"),
    ],
)
def test_bad_files_are_refused_and_nothing_stored(
    reviewer_client, name: str, data: bytes, message: str
) -> None:
    response = reviewer_client.post(NEW, {"file": upload(name, data), "title": "Keep me"})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert 'value="Keep me"' in response.content.decode()
    assert not Article.objects.exists()
    assert not Activity.objects.exists()


def test_oversized_file_is_refused(reviewer_client, settings) -> None:
    settings.FACTCHECK_MAX_UPLOAD_BYTES = 2048
    response = reviewer_client.post(NEW, {"file": upload("big.txt", b"word " * 1000)})
    assert response.status_code == 422
    assert "larger than the 2 KB limit" in response.content.decode()
    assert not Article.objects.exists()


# URLs ----------------------------------------------------------------------------------


@pytest.fixture
def site() -> Iterator[tuple[str, dict[str, tuple[int, str, bytes]]]]:
    with serve_pages() as served:
        yield served


def test_url_is_fetched_with_metadata(reviewer_client, site, monkeypatch) -> None:
    base, pages = site
    pages["/story"] = (200, "text/html; charset=utf-8", HOSTILE_HTML.encode())
    monkeypatch.setattr(fetch, "is_public_address", allow_test_server)
    response = reviewer_client.post(NEW, {"url": base + "/story"})
    article = Article.objects.get()
    assert response.status_code == 302
    assert article.url == base + "/story"
    assert article.outlet == "Daily Example"
    assert "approved a budget" in article.body
    assert Claim.objects.filter(article=article).exists()


def test_url_preview_prefills_the_form_without_saving(reviewer_client, site, monkeypatch) -> None:
    base, pages = site
    pages["/story"] = (200, "text/html", HOSTILE_HTML.encode())
    monkeypatch.setattr(fetch, "is_public_address", allow_test_server)
    response = reviewer_client.post(NEW, {"url": base + "/story", "action": "preview"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Daily Example"' in html
    assert 'value="Sam Reporter"' in html
    assert 'value="2024-03-05"' in html
    assert "approved a budget of $4.2 billion" in html
    assert not Article.objects.exists()


def test_loopback_url_is_refused_by_the_form(reviewer_client, site) -> None:
    base, pages = site
    pages["/story"] = (200, "text/html", HOSTILE_HTML.encode())
    response = reviewer_client.post(NEW, {"url": base + "/story"})
    assert response.status_code == 422
    assert "private or reserved network address" in response.content.decode()
    assert not Article.objects.exists()


def test_unreachable_url_is_refused(reviewer_client, monkeypatch) -> None:
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()  # nothing listens there now
    monkeypatch.setattr(fetch, "is_public_address", allow_test_server)
    response = reviewer_client.post(NEW, {"url": f"http://127.0.0.1:{port}/gone"})
    assert response.status_code == 422
    assert "Could not fetch" in response.content.decode()
    assert not Article.objects.exists()


def test_page_without_article_text_is_refused(reviewer_client, site, monkeypatch) -> None:
    base, pages = site
    pages["/empty"] = (200, "text/html", b"<html><body><nav>Home</nav></body></html>")
    monkeypatch.setattr(fetch, "is_public_address", allow_test_server)
    response = reviewer_client.post(NEW, {"url": base + "/empty"})
    assert response.status_code == 422
    assert "No article text was found" in response.content.decode()
    assert not Article.objects.exists()


def test_non_http_url_is_refused(reviewer_client) -> None:
    response = reviewer_client.post(NEW, {"url": "ftp://files.example/story.txt"})
    assert response.status_code == 422
    assert "Only http:// and https://" in response.content.decode()
    assert not Article.objects.exists()
