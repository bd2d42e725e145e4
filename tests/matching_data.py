"""Small fact-check archives in each supported format, for the matching tests."""

from __future__ import annotations

import json


def claimreview(
    n: int,
    claim: str,
    *,
    label: str = "False",
    value: int = 1,
    date: str = "2024-03-01",
    publisher: str = "Example Checks",
    claimant: str = "Jane Doe",
) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://checks.example/reviews/{n}",
        "claimReviewed": claim,
        "headline": f"Fact-check {n}",
        "datePublished": date,
        "inLanguage": "en",
        "author": {"@type": "Organization", "name": publisher},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": claimant}},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": label,
        },
    }


CLAIMS = [
    "The city council approved a budget of $4.2 billion for schools.",
    "Vaccines cause autism in young children.",
    "Unemployment fell to 3.5 percent last year, the lowest in fifty years.",
]


def feed(reviews: list[dict]) -> bytes:
    return json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "DataFeed",
            "name": "Example feed",
            "dataFeedElement": [{"@type": "DataFeedItem", "item": [r]} for r in reviews],
        }
    ).encode()


def csv_archive(rows: list[tuple[str, str, str]]) -> bytes:
    lines = ["claim_reviewed,review_url,rating_label,publisher,published"]
    lines += [f'"{c}",{u},{label},CSV Checks,2023-05-06' for c, u, label in rows]
    return ("\n".join(lines) + "\n").encode()
