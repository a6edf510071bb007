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


def test_year_first_dates_do_not_end_a_sentence():
    from explorer.core.sentences import split_sentences

    ko = "세계보건기구는 지난 2020. 3.11. 코로나-19가 세계적 유행 단계에 돌입하였음을 선언하였다. 다음 문장이다."
    assert split_sentences(ko) == [ko[: ko.index("다음")].strip(), "다음 문장이다."]
    assert split_sentences("2020.3.30. 0시 기준 확진자가 늘었다.") == ["2020.3.30. 0시 기준 확진자가 늘었다."]
    # a year ending an English sentence still ends it
    assert split_sentences("It rose in 2019. 3 of them stayed. The year was 1999. In 2000 we moved.") == [
        "It rose in 2019.", "3 of them stayed.", "The year was 1999.", "In 2000 we moved."]
