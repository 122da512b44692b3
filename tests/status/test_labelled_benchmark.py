"""The labelled sentence set stays above its targets (precision 0.95, recall 0.90)."""

from benchmarks.status_rules import Tally, score_sentences


def test_labelled_sentences_meet_targets():
    tallies = score_sentences(verbose=False)
    assert set(tallies) >= {"dev"}
    for split, tally in tallies.items():
        p, r, _ = Tally.pr(tally.levels["loose"])
        assert p >= 0.95 and r >= 0.90, (split, p, r)
