#!/usr/bin/env bash
# The README's commands, as written, on a fresh clone after `make run`'s set-up.
#
# Clones the committed HEAD into a temporary folder, runs `make run` there (its set-up writes
# .env, migrates and loads the demo; the server and the worker start), checks the server
# answers, stops it, then runs each one-shot command the README shows (create_user,
# import_article, export_verdicts, check --deploy, the extraction CLI) and starts and stops
# the task worker with an article waiting for it. Called by .ci/run, never by `make test`.
#
# The clone reuses this checkout's installed .venv (make -o marks the install as done), so
# the smoke test costs seconds, not a second install. Commands importing a URL are left out:
# CI has no web to fetch from.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -x "$repo/.venv/bin/python" ]; then
  echo "smoke_readme: no $repo/.venv; run make test (or make run) first" >&2
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/smoke-readme.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { echo "smoke_readme: FAILED: $*" >&2; exit 1; }

# A fresh shell: nothing from the caller's environment decides the settings.
unset DEBUG SECRET_KEY DATABASE_URL DJANGO_SETTINGS_MODULE FACTCHECK_ENV_FILE \
  FACTCHECK_PUBLIC_BASE_URL ALLOWED_HOSTS CSRF_TRUSTED_ORIGINS TASKS_BACKEND

git clone --quiet --no-hardlinks "$repo" "$work/clone"
cd "$work/clone"
ln -s "$repo/.venv" .venv
export PATH="$PWD/.venv/bin:$PATH" # so the README's `python` is the project's
port="$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

wait_for_http() { # URL SECONDS: until the URL answers 200
  python - "$1" "$2" <<'EOF'
import sys, time, urllib.request
url, deadline = sys.argv[1], time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                sys.exit(0)
    except OSError:
        time.sleep(0.5)
sys.exit(f"{url} did not answer 200")
EOF
}

step "make run (set-up, then the server and the worker)"
setsid make --no-print-directory -o .venv/.installed run PORT="$port" >"$work/make-run.log" 2>&1 &
pids+=($!)
make_pid=$!
wait_for_http "http://127.0.0.1:$port/accounts/login/" 120 || { cat "$work/make-run.log"; fail "make run's server"; }
kill -TERM -- "-$make_pid"
wait "$make_pid" 2>/dev/null || true
pids=()
cat "$work/make-run.log"
[ -f .env ] || fail "make run wrote no .env"
grep -q '^DEBUG=1$' .env || fail ".env has no DEBUG=1"
grep -q '^SECRET_KEY=.\{40,\}$' .env || fail ".env has no generated SECRET_KEY"
git check-ignore -q .env || fail ".env is not git-ignored"
[ "$(grep -c 'Demo logins' "$work/make-run.log")" = 1 ] || fail "demo logins not printed exactly once"
if grep -q 'project.license' "$work/make-run.log"; then fail "setuptools license warning"; fi

step "create_user (README: Two commands; Running in production)"
FACTCHECK_PASSWORD='smoke-Password-4821' python manage.py create_user dana --role reviewer
FACTCHECK_PASSWORD='smoke-Password-4821' python manage.py create_user alice --role editor

step "import_article (README: Articles and claims)"
cat >story.html <<'EOF'
<html><head><title>Council passes budget</title></head><body><article>
<h1>Council passes budget</h1>
<p>The city council approved a budget of $4.2 billion on Tuesday, Mayor Ana Ruiz said.</p>
<p>"Spending on parks will rise by 12 percent next year," Ruiz said at the meeting.</p>
<p>The council said unemployment fell to 3.9 percent in March, the lowest in a decade.</p>
</article></body></html>
EOF
python manage.py import_article story.html --outlet "Daily Example" --user alice
mkdir -p folder
cat >folder/one.txt <<'EOF'
The harbour authority said cargo volumes rose 8 percent in the first quarter.
Its chief executive said the new terminal will open in 2027.
EOF
cat >folder/two.md <<'EOF'
# Heat warning

The weather service said temperatures would reach 38 degrees on Friday.
Hospitals reported 120 heat-related admissions last week, the health ministry said.
EOF
python manage.py import_article ./folder/

step "the desk publishes one demo verdict (reviewer writes it, editor approves it)"
python manage.py shell -v 0 -c "
from django.contrib.auth import get_user_model
from claims.models import Article, Rating
from claims.services import verdict_approve, verdict_save
from claims.models import Source
User = get_user_model()
claim = Article.objects.exclude(url='').order_by('id').first().claims.exclude(speaker='').first()
Source.objects.create(claim=claim, url='https://www.whitehouse.gov/briefing-room/', kind='primary')
claim.refresh_from_db()
v = verdict_save(claim_id=claim.pk, expected_version=claim.version, rating=Rating.objects.get(label='Mostly true'), rationale='Matches the briefing transcript.', actor=User.objects.get(username='reviewer'))
claim.refresh_from_db()
verdict_approve(claim_id=claim.pk, expected_version=claim.version, verdict_id=v.pk, actor=User.objects.get(username='editor'))
print('approved claim', claim.pk)
"

step "export_verdicts (README: Reports and exports)"
python manage.py export_verdicts --format csv --output verdicts.csv
python manage.py export_verdicts --format jsonl >verdicts.jsonl
python manage.py export_verdicts --format json --status approved --output verdicts.json
python manage.py export_verdicts --format claimreview --base-url https://checks.example.org \
  --output reviews.jsonld
python - <<'EOF'
import csv, json
rows = list(csv.DictReader(open("verdicts.csv", encoding="utf-8")))
assert len(rows) > 3, len(rows)
assert json.load(open("verdicts.json"))["count"] == 1
docs = json.load(open("reviews.jsonld"))
assert len(docs) == 1 and docs[0]["itemReviewed"]["appearance"]["url"].startswith("https://")
print(f"csv {len(rows)} rows, ClaimReview {len(docs)} document(s)")
EOF

step "the extraction CLI (README: Claim extraction engine)"
python -m claims.extraction folder/one.txt | python -c 'import json, sys; print(len(json.load(sys.stdin)["claims"]), "claims")'

step "import_factchecks and match_claims (README: Checked before? Claim matching)"
cat >feed.json <<'EOF2'
{"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [
  {"@type": "DataFeedItem", "item": {"@type": "ClaimReview",
   "claimReviewed": "The city council approved a budget of $4.2 billion.",
   "url": "https://factchecker.example/checks/budget",
   "author": {"@type": "Organization", "name": "Example Checks"},
   "datePublished": "2026-01-15",
   "reviewRating": {"@type": "Rating", "alternateName": "True", "ratingValue": 5,
                    "bestRating": 5, "worstRating": 1}}}]}
EOF2
python manage.py import_factchecks feed.json
python manage.py import_factchecks feed.json --user alice # again: updates, never duplicates
python manage.py match_claims --all

step "reextract_articles (README: Articles and claims)"
python manage.py reextract_articles --all

step "check --deploy (README: Running in production)"
(
  export DEBUG=0 SECRET_KEY="smoke-$(python -c 'import secrets; print(secrets.token_urlsafe(50))')"
  export ALLOWED_HOSTS=desk.example.org CSRF_TRUSTED_ORIGINS=https://desk.example.org
  python manage.py check --deploy --fail-level WARNING
  python manage.py collectstatic --noinput
)
# Production has no .env: without SECRET_KEY the settings refuse to start.
if FACTCHECK_ENV_FILE="" DEBUG=0 python manage.py check >"$work/no-key.log" 2>&1; then
  fail "DEBUG off without SECRET_KEY started"
fi
grep -q SECRET_KEY "$work/no-key.log" || fail "the missing SECRET_KEY is not named"

step "unlocking a throttled login (README: Security and operations)"
python manage.py axes_list_attempts
python manage.py axes_reset_username dana
python manage.py axes_reset_ip 127.0.0.1

step "run_worker (README: Running in production) runs an article left to it"
cat >queued.txt <<'EOF'
The port said container traffic grew 11 percent in 2025, its fastest rise in a decade.
EOF
python manage.py import_article queued.txt --enqueue
setsid python manage.py run_worker >"$work/worker.log" 2>&1 &
pids+=($!)
worker_pid=$!
python manage.py shell -v 0 -c "
import time
from claims.models import Article
deadline = time.monotonic() + 90
article = Article.objects.get(body__startswith='The port said')
while article.extraction_status != 'done' and time.monotonic() < deadline:
    time.sleep(1)
    article.refresh_from_db()
assert article.extraction_status == 'done', article.extraction_status
print('worker extracted', article.claims.count(), 'claims')
"
kill -TERM -- "-$worker_pid"
wait "$worker_pid" 2>/dev/null || true
pids=()

step "smoke_readme: every README command worked"
