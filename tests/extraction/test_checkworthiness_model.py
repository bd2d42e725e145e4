"""The check-worthiness model's public API (featurize, score_features, score_sentences) and the
committed weights it loads."""

from __future__ import annotations

import json

from claims.extraction import checkworthiness as cw
from claims.extraction.checkworthiness import (
    WEIGHTS_PATH,
    featurize,
    score_features,
    score_sentences,
    score_text,
)

CLAIM = "Unemployment fell to 3.9 percent last year, the lowest rate in five decades."
CHATTER = "Thank you all so much for being here tonight."


def test_featurize_gives_words_bigrams_shape_flags_and_marked_character_ngrams() -> None:
    feats = featurize("Taxes rose 5%?")
    assert {"taxes", "rose", "0", "%", "taxes rose", "<s> taxes", "_digit", "_question"} <= set(
        feats
    )
    chars = [f for f in feats if f.startswith(cw.CHAR_PREFIX)]
    assert "# ta" in chars and "#taxes" in chars and "#axes " in chars
    # Callers test the set for words ("said", "called the"): no character n-gram may look like one.
    assert all(not f.startswith(cw.CHAR_PREFIX) for f in feats if " " not in f and f.isalpha())
    assert "tax" not in feats


def test_the_three_ways_to_score_agree() -> None:
    by_features = score_features(set(featurize(CLAIM)))
    assert score_text(CLAIM) == by_features
    assert score_sentences([CLAIM, CHATTER])[0] == by_features


def test_scores_are_calibrated_to_the_decision() -> None:
    for s in score_sentences([CLAIM, CHATTER, "", "?", "0 0 0"]):
        assert 0.0 <= s.score <= 1.0
        assert s.checkworthy == (s.score >= 0.5)


def test_a_factual_figure_outranks_chatter() -> None:
    claim, chatter = score_sentences([CLAIM, CHATTER])
    assert claim.checkworthy and not chatter.checkworthy
    assert claim.score > chatter.score


def test_a_sentence_longer_in_words_is_not_more_worthy_for_its_length_alone() -> None:
    # Each block is scaled by its feature count: repeating a sentence adds nothing new.
    once = score_text(CHATTER)
    assert score_text(" ".join([CHATTER] * 3)).score <= once.score + 0.1


def test_the_weights_file_is_small_and_self_describing() -> None:
    assert WEIGHTS_PATH.stat().st_size < 2_000_000
    data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    assert {"about", "config", "norm", "bias", "threshold", "weights"} <= set(data)
    assert "ClaimBuster" in data["about"]
    assert all(w != 0.0 for w in data["weights"].values())
