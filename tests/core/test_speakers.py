"""Speaker shares of a stretch of transcript, by words spoken."""
from explorer.core.model import Anchor, Document, Sentence
from explorer.core.speakers import describe_shares, speaker_shares


def test_shares_by_words_largest_first_and_described():
    said = [("Ann", "one two three four five six"), ("Bob", "one two"), ("Ann", "one two"), (None, "music"),
            ("Cy", "x"), ("Di", "y"), ("Ed", "z")]
    doc = Document(id="t", path="t.vtt", kind="transcript", format="webvtt", title="t",
                   sentences=[Sentence(i, t, Anchor(start=float(i), end=i + 0.5, speaker=w)) for i, (w, t) in enumerate(said)])
    shares = speaker_shares(doc, 0, 3)
    assert shares == [("Ann", 0.8), ("Bob", 0.2)]
    assert describe_shares(shares) == "Ann 80%, Bob 20%"
    assert describe_shares(speaker_shares(doc, 0, 7), most=2) == "Ann 62%, Bob 15%, 3 others 23%"
    assert speaker_shares(doc, 3, 4) == [] and describe_shares([]) == ""
