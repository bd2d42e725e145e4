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
    article_reextract,
    claims_from_extraction,
)
from claims.services.audit import StaleVersion, activity_record, claim_update
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
from claims.services.speakers import SpeakerConfirmRefused, claim_speaker_confirm

__all__ = [
    "ApprovalRefused",
    "DuplicateArticle",
    "NothingLeft",
    "QueueFilters",
    "SpeakerConfirmRefused",
    "StaleVersion",
    "activity_record",
    "article_create",
    "article_extract",
    "article_extraction_retry",
    "article_extraction_run",
    "article_extraction_schedule",
    "article_reextract",
    "claim_assign",
    "claim_speaker_confirm",
    "claim_update",
    "claims_from_extraction",
    "comment_add",
    "queue_page",
    "rating_create",
    "rating_move",
    "rating_set_retired",
    "rating_update",
    "review_next",
    "source_add",
    "source_delete",
    "source_update",
    "verdict_approve",
    "verdict_save",
    "verdict_send_back",
]
