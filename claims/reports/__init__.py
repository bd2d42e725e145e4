"""Reports and exports: what leaves the workbench.

filters   the report filter form and the claim queryset it selects
exports   one row per claim, as CSV, JSON Lines or one JSON document, streamed
claimreview  schema.org ClaimReview JSON-LD for approved verdicts, and its validator
scorecard the claims-by-verdict counts the report pages chart
"""
