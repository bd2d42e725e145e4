from django.contrib import admin

from claims.models import Activity, Article, Claim, Comment, Rating, Source, Verdict


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ("start", "end", "statement", "type", "speaker", "score", "status")
    extra = 0
    show_change_link = True


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "outlet", "published", "submitted_by", "created", "extraction_status")
    list_filter = ("extraction_status", "outlet")
    search_fields = ("title", "outlet", "author", "url")
    date_hierarchy = "created"
    readonly_fields = ("content_hash", "created")
    inlines = [ClaimInline]


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0


class VerdictInline(admin.TabularInline):
    model = Verdict
    fk_name = "claim"
    extra = 0
    fields = ("rating", "reviewer", "created", "approved_by", "approved_at", "withdrawn_at")
    readonly_fields = ("created",)


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("statement", "type", "speaker", "score", "status", "assignee", "article")
    list_filter = ("status", "type", "origin", "checkworthy")
    search_fields = ("statement", "quote", "speaker")
    raw_id_fields = ("article", "assignee", "created_by", "current_verdict")
    readonly_fields = ("public_id", "created", "updated")
    inlines = [SourceInline, VerdictInline]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("title", "url", "publisher", "relation", "kind", "claim")
    list_filter = ("relation", "kind")
    search_fields = ("title", "url", "publisher")
    raw_id_fields = ("claim", "added_by")


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("label", "position", "claimreview_value", "requires_primary_source", "retired")
    list_editable = ("position", "retired")


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ("claim", "rating", "reviewer", "created", "approved_by", "approved_at")
    list_filter = ("rating",)
    raw_id_fields = ("claim", "reviewer", "approved_by", "supersedes")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("claim", "author", "created")
    raw_id_fields = ("claim", "author")


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is append-only, even for admins."""

    list_display = ("created", "actor", "action", "summary", "claim", "article")
    list_filter = ("action",)
    search_fields = ("summary", "action")
    raw_id_fields = ("actor", "claim", "article")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
