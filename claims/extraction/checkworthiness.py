"""Check-worthiness scoring: a linear model over word n-grams, character n-grams and a few
shape features.

The weights were trained by ``scripts/train_checkworthiness.py`` on the ClaimBuster sentences
(Arslan, Hassan, Li, Tremayne, "A Benchmark Dataset of Check-worthy Factual Claims", ICWSM 2020,
CC BY 4.0) as distributed in the CheckThat! 2024 Task 1 English train split. Only the standard
library is needed at run time: the weights file maps feature strings to weights and is loaded on
first use, so importing the package stays cheap.

Character n-grams (3 to 5 letters, inside word boundaries) carry what word n-grams miss on
unseen debates and news: inflections and rare words ("unemployment", "unemployed") share their
stems, so the model degrades gracefully on vocabulary it was not trained on. They are prefixed
with ``#`` so no character n-gram can be mistaken for a word token by the callers that test the
feature set for words (types, quantities).
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
import threading
from dataclasses import dataclass
from pathlib import Path

WEIGHTS_PATH = Path(__file__).parent / "data" / "checkworthiness.json"

# Digits collapse to one shape token: the figure itself carries no signal, its presence does.
_TOKEN_RE = re.compile(r"[a-z]+(?:'[a-z]+)?|0|[$%€£¥₹?]")
_FIGURE_RE = re.compile(r"\d[\d,.]*")
_NUM_RE = re.compile(r"\d")
_ZEROS = itertools.repeat(0.0)
CHAR_PREFIX = "#"
CHAR_SIZES = (3, 4, 5)


def featurize(text: str) -> list[str]:
    """Return the feature strings for one sentence (shared by training and scoring).

    Unigrams and bigrams of lower-cased words, with every figure collapsed to "0", plus a
    length bucket and flags for digits and a closing question mark. Built with C-level
    helpers (``re.sub``, ``map``) because it runs once per claim.
    """
    has_digit = _NUM_RE.search(text) is not None
    low = text.lower().replace("’", "'")
    # Without a digit the substitution is a no-op: skip it (half of all sentences).
    toks = _TOKEN_RE.findall(_FIGURE_RE.sub("0", low) if has_digit else low)
    # Bigrams pair each token with its predecessor ("<s>" before the first); the longer
    # list simply runs one past the end, hence strict=False.
    feats = toks + list(map(" ".join, zip(["<s>", *toks], toks, strict=False)))
    n = len(toks)
    # Length buckets: very short turns ("Thank you.") are almost never check-worthy.
    feats.append(f"_len{0 if n < 5 else 1 if n < 10 else 2 if n < 20 else 3 if n < 35 else 4}")
    if has_digit:
        feats.append("_digit")
    if text.rstrip().endswith("?"):
        feats.append("_question")
    feats.extend(char_ngrams(_FIGURE_RE.sub("0", low) if has_digit else low))
    return feats


def char_ngrams(low: str) -> list[str]:
    """Character 3- to 5-grams of each whitespace-separated word, padded with one space either
    side (scikit-learn's ``char_wb`` analyzer), each prefixed with ``#``."""
    out: list[str] = []
    for word in low.split():
        out.extend(_word_ngrams(word))
    return out


# Words follow Zipf's law: a few thousand cover most running text, so each word's n-grams are
# built once (bounded, so a hostile text of unique "words" cannot grow the cache without end).
@functools.lru_cache(maxsize=32768)
def _word_ngrams(word: str) -> tuple[str, ...]:
    w = f" {word} "
    last = len(w)
    out: list[str] = []
    for n in CHAR_SIZES:
        if last < n:
            break
        out.extend([CHAR_PREFIX + w[i : i + n] for i in range(last - n + 1)])
    return tuple(out)


@dataclass(frozen=True, slots=True)
class SentenceScore:
    """Check-worthiness of one sentence: calibrated so that ``checkworthy == (score >= 0.5)``."""

    score: float
    checkworthy: bool


class _Model:
    """Two blocks, words (with the shape flags) and character n-grams, each scaled by the
    square root of how many features of that block the sentence has, known to the model or
    not: so a weight pruned to zero changes nothing, and long sentences do not score high
    merely for being long."""

    __slots__ = ("bias", "norm", "weights")

    def __init__(self, weights: dict[str, float], bias: float, norm: bool) -> None:
        self.weights = weights
        self.bias = bias
        self.norm = norm

    def logit(self, features: set[str]) -> float:
        get = self.weights.get
        if not self.norm:
            return sum(map(get, features, _ZEROS)) + self.bias
        chars = [f for f in features if f[0] == CHAR_PREFIX]
        n_words = len(features) - len(chars)
        char_sum = sum(map(get, chars, _ZEROS))
        word_sum = sum(map(get, features, _ZEROS)) - char_sum
        total = word_sum / math.sqrt(n_words) if n_words else 0.0
        if chars:
            total += char_sum / math.sqrt(len(chars))
        return total + self.bias


_model: _Model | None = None
_lock = threading.Lock()


def load_model(path: Path = WEIGHTS_PATH) -> _Model:
    """Load (once) the committed weights; the threshold is folded into the bias."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                data = json.loads(path.read_text(encoding="utf-8"))
                _model = _Model(
                    data["weights"], float(data["bias"]) - float(data["threshold"]), data["norm"]
                )
    return _model


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def score_features(features: set[str]) -> SentenceScore:
    """Score a sentence from its ``featurize`` output (as a set)."""
    z = load_model().logit(features)
    return SentenceScore(round(_sigmoid(z), 4), z >= 0.0)


def score_text(text: str) -> SentenceScore:
    return score_features(set(featurize(text)))


def score_sentences(sentences: list[str]) -> list[SentenceScore]:
    """Score sentences independently, in order."""
    return [score_text(s) for s in sentences]
