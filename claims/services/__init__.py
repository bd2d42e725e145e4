"""Multi-object workflows: keyword-only, typed, transactional functions.

Views and commands call these; they never write several models themselves. Each concern has
its own module; this package re-exports the public functions.
"""

from claims.services.archive import ImportReport, archive_import
from claims.services.articles import (
    DuplicateArticle,
    article_create,
    article_edit,
    article_extract,
    article_extraction_retry,
    article_extraction_run,
    article_extraction_schedule,
    article_reextract,
    claim_fields,
    claims_from_extraction,
    extract_many,
)
from claims.services.audit import StaleVersion, activity_record, claim_update
from claims.services.importing import ImportResult, articles_import_batch
from claims.services.matching import (
    article_match,
    claim_match,
    match_reuse,
    repeat_confirm,
    repeat_take_verdict,
    repeat_undo,
)
from claims.services.policy import (
    Action,
    WriteMode,
    WriteRefused,
    claim_write_allowed,
    ensure_article_writable,
    ensure_writable,
)
from claims.services.queue import NothingLeft, QueueFilters, queue_page, review_next
from claims.services.ratings import (
    rating_create,
    rating_move,
    rating_set_retired,
    rating_snapshot,
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
from claims.services.sources import SourceGone, source_add, source_delete, source_update
from claims.services.speaker_confirm import SpeakerConfirmRefused, claim_speaker_confirm
from claims.services.speakers import (
    SpeakerActionError,
    speaker_merge,
    speaker_publish,
    speaker_unmerge,
    speakers_sync_article,
)
from claims.services.withdrawal import verdict_retract

__all__ = [
    "Action",
    "ApprovalRefused",
    "DuplicateArticle",
    "ImportReport",
    "ImportResult",
    "NothingLeft",
    "QueueFilters",
    "SourceGone",
    "SpeakerActionError",
    "SpeakerConfirmRefused",
    "StaleVersion",
    "WriteMode",
    "WriteRefused",
    "activity_record",
    "archive_import",
    "article_create",
    "article_edit",
    "article_extract",
    "article_extraction_retry",
    "article_extraction_run",
    "article_extraction_schedule",
    "article_match",
    "article_reextract",
    "articles_import_batch",
    "claim_assign",
    "claim_fields",
    "claim_match",
    "claim_speaker_confirm",
    "claim_update",
    "claim_write_allowed",
    "claims_from_extraction",
    "comment_add",
    "ensure_article_writable",
    "ensure_writable",
    "extract_many",
    "match_reuse",
    "queue_page",
    "rating_create",
    "rating_move",
    "rating_set_retired",
    "rating_snapshot",
    "rating_update",
    "repeat_confirm",
    "repeat_take_verdict",
    "repeat_undo",
    "review_next",
    "source_add",
    "source_delete",
    "source_update",
    "speaker_merge",
    "speaker_publish",
    "speaker_unmerge",
    "speakers_sync_article",
    "verdict_approve",
    "verdict_retract",
    "verdict_save",
    "verdict_send_back",
]
