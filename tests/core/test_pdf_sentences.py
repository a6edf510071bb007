"""Sentence rules the PDF loader relies on (explorer.core.sentences)."""
import pytest

from explorer.core.sentences import split_sentences


@pytest.mark.parametrize(
    "text, expected",
    [
        ("as shown (Chen et al., 2017).4 Formally, we go.", ["as shown (Chen et al., 2017).4", "Formally, we go."]),
        ("Version 2.1 Released today. Pi is 3.14 exactly.", ["Version 2.1 Released today.", "Pi is 3.14 exactly."]),
        ("Steps:\n1. Open the file\n2. Read it. Then go.", ["Steps:", "1. Open the file", "2. Read it.", "Then go."]),
        ("3.1. Scope of work is here. Done.", ["3.1. Scope of work is here.", "Done."]),
        ("It was 2019. Then we left.", ["It was 2019.", "Then we left."]),
        ("Heading\n\nBody starts here. Ends.", ["Heading", "Body starts here.", "Ends."]),
    ],
)
def test_pdf_sentence_rules(text, expected):
    assert split_sentences(text) == expected
