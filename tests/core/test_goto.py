"""Go to page / time / sentence: what the user types and where it lands."""
from explorer.core.goto import page_for, parse_time, sentence_at_time, sentence_for
from explorer.core.model import Anchor, Document, Sentence

LABELS = ["", "i", "ii", "iii", "1", "2", "3", "A-1"]  # a cover, roman front matter, arabic body, appendix


def test_printed_labels_win_then_page_numbers():
    assert page_for("ii", LABELS) == 2
    assert page_for("III", LABELS) == 3  # case does not matter
    assert page_for("a-1", LABELS) == 7
    assert page_for("1", LABELS) == 4  # the page printed "1", as the contents page cites it
    assert page_for("#1", LABELS) == 0  # "#": counted from the first page
    assert page_for("8", LABELS) == 7  # no page is printed "8": the eighth page
    assert page_for("9", LABELS) is None and page_for("0", LABELS) is None
    assert page_for("xiv", LABELS) is None and page_for("  ", LABELS) is None


def test_times_in_the_forms_people_type():
    assert parse_time("1:02:03") == 3723
    assert parse_time("12:30") == 750
    assert parse_time("45") == 2700  # minutes
    assert parse_time("1.5") == 90
    assert parse_time("1h20m") == 4800 and parse_time("95s") == 95 and parse_time("2 min") == 120
    assert parse_time("12:75") is None and parse_time("soon") is None and parse_time("") is None


def _doc(starts):
    sentences = [Sentence(i, f"s{i}", Anchor(start=t, end=None if t is None else t + 1)) for i, t in enumerate(starts)]
    return Document(id="d", path="/tmp/m.vtt", kind="transcript", format="vtt", title="M", sentences=sentences)


def test_the_sentence_spoken_at_a_time():
    doc = _doc([0.0, 10.0, None, 20.0, 30.0])
    assert sentence_at_time(doc, 0) == 0
    assert sentence_at_time(doc, 15) == 1  # still speaking sentence 1
    assert sentence_at_time(doc, 20) == 3
    assert sentence_at_time(doc, 999) == 4  # past the end: the last
    assert sentence_at_time(_doc([5.0, 9.0]), 1) == 0  # before the first start: the first
    assert sentence_at_time(_doc([None, None]), 3) is None


def test_sentence_numbers_of_an_untimed_transcript():
    assert sentence_for("3", 10) == 2 and sentence_for("#10", 10) == 9
    assert sentence_for("11", 10) is None and sentence_for("x", 10) is None
