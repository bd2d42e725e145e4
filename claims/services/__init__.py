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
from claims.services.speakers import (
    SpeakerActionError,
    speaker_merge,
    speaker_publish,
    speaker_unmerge,
    speakers_sync_article,
)

__all__ = [
    "ApprovalRefused",
    "DuplicateArticle",
    "NothingLeft",
    "QueueFilters",
    "SpeakerActionError",
    "StaleVersion",
    "activity_record",
    "article_create",
    "article_extract",
    "article_extraction_retry",
    "article_extraction_run",
    "article_extraction_schedule",
    "claim_assign",
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
    "speaker_merge",
    "speaker_publish",
    "speaker_unmerge",
    "speakers_sync_article",
    "verdict_approve",
    "verdict_save",
    "verdict_send_back",
]
