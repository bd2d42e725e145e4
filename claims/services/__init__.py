"""Multi-object workflows: keyword-only, typed, transactional functions.

Views and commands call these; they never write several models themselves. Each concern has
its own module; this package re-exports the public functions.
"""

from claims.services.articles import (
    DuplicateArticle,
    article_create,
    article_extract,
    article_extraction_retry,
    article_extraction_run,
    article_extraction_schedule,
    claims_from_extraction,
)
from claims.services.audit import StaleVersion, activity_record, claim_update

__all__ = [
    "DuplicateArticle",
    "StaleVersion",
    "activity_record",
    "article_create",
    "article_extract",
    "article_extraction_retry",
    "article_extraction_run",
    "article_extraction_schedule",
    "claim_update",
    "claims_from_extraction",
]
