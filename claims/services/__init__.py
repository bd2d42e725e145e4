"""Multi-object workflows: keyword-only, typed, transactional functions.

Views and commands call these; they never write several models themselves. Each concern has
its own module; this package re-exports the public functions.
"""

from claims.services.archive import ImportReport, archive_import
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
from claims.services.matching import (
    article_match,
    claim_match,
    match_reuse,
    repeat_confirm,
    repeat_take_verdict,
    repeat_undo,
)
from claims.services.queue import NothingLeft, QueueFilters, queue_page, review_next
from claims.services.ratings import (
    rating_create,
    rating_move,
    rating_set_retired,
    rating_update,
)
from claims.services.review import (
    ApprovalRefused,
    claim_assign,
    comment_add,
    verdict_approve,
    verdict_save,
    verdict_send_back,
)
from claims.services.sources import source_add, source_delete, source_update

__all__ = [
    "ApprovalRefused",
    "DuplicateArticle",
    "ImportReport",
    "NothingLeft",
    "QueueFilters",
    "StaleVersion",
    "activity_record",
    "archive_import",
    "article_create",
    "article_extract",
    "article_extraction_retry",
    "article_extraction_run",
    "article_extraction_schedule",
    "article_match",
    "claim_assign",
    "claim_match",
    "claim_update",
    "claims_from_extraction",
    "comment_add",
    "match_reuse",
    "queue_page",
    "rating_create",
    "rating_move",
    "rating_set_retired",
    "rating_update",
    "repeat_confirm",
    "repeat_take_verdict",
    "repeat_undo",
    "review_next",
    "source_add",
    "source_delete",
    "source_update",
    "verdict_approve",
    "verdict_save",
    "verdict_send_back",
]
