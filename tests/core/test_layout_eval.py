"""Layout evaluation: matching, per-class counts, Kendall tau, and the eval CLI's JSON."""

from __future__ import annotations

import json

from test_layout_fixtures import make_pdf

from explorer.core.layout_eval import Score, match, score_page


def _items():
    return [
        ("section-header", (50, 40, 300, 60), 0),
        ("text", (50, 70, 545, 200), 1),
        ("picture", (100, 220, 495, 500), 2),
        ("caption", (100, 510, 495, 530), 3),
    ]


def test_perfect_prediction_scores_one():
    s = Score()
    score_page(s, _items(), _items())
    d = s.as_dict()
    assert d["overall_f1"] == 1.0 and d["class_agnostic_f1"] == 1.0
    assert d["picture_recall"] == 1.0 and d["reading_order_tau"] == 1.0


def test_wrong_class_counts_only_class_agnostic_and_reversed_order_gives_minus_one():
    pred = [(("text" if l == "caption" else l), b, 3 - o) for l, b, o in _items()]
    s = Score()
    score_page(s, _items(), pred)
    d = s.as_dict()
    assert d["class_agnostic_f1"] == 1.0
    assert d["overall_f1"] == 0.75  # 3 of 4 boxes carry the right class
    assert d["per_class"]["caption"]["recall"] == 0.0 and d["per_class"]["text"]["precision"] == 0.5
    assert d["reading_order_tau"] == -1.0


def test_matching_needs_iou_half_and_is_one_to_one():
    ref = [("text", (0, 0, 100, 100), 0)]
    assert match(ref, [("text", (0, 0, 100, 45), 0)]) == []  # IoU 0.45
    pred = [("text", (0, 0, 100, 90), 0), ("text", (0, 0, 100, 100), 1)]
    assert match(ref, pred) == [(0, 1)]  # the best box wins, the other is a false positive
    s = Score()
    score_page(s, ref, pred)
    assert (s.agnostic.tp, s.agnostic.fp, s.agnostic.fn) == (1, 1, 0)


def test_eval_cli_prints_json_for_strata_and_the_baseline(tmp_path, capsys):
    from explorer.cli import main

    data = tmp_path / "data"
    (data / "pdfs").mkdir(parents=True)
    make_pdf(data / "pdfs" / "fig.pdf", figure=True)
    ref = data / "layout_gt" / "normalized"
    ref.mkdir(parents=True)
    items = [
        {"label": "text", "bbox": [72, 80, 523, 130], "order": 0},
        {"label": "picture", "bbox": [150, 180, 445, 400], "order": 1},
    ]
    (ref / "fig.json").write_text(
        json.dumps(
            {"pdf": "pdfs/fig.pdf", "pages": [{"page_no": 1, "width": 595, "height": 842, "items": items}]}
        )
    )
    assert main(["eval", "layout", str(ref), "--json", "--limit", "1"]) == 0
    out = json.loads(capsys.readouterr().out)
    for key in (
        "overall_f1",
        "class_agnostic_f1",
        "picture_recall",
        "reading_order_tau",
        "per_class",
        "baseline",
    ):
        assert key in out
    for key in ("overall_f1", "class_agnostic_f1", "picture_recall", "reading_order_tau", "per_class"):
        assert key in out["baseline"]
    assert out["pages"] == 1 and out["picture_recall"] >= out["baseline"]["picture_recall"]


def test_eval_cli_reports_a_missing_folder_in_one_line(tmp_path, capsys):
    from explorer.cli import main

    assert main(["eval", "layout", str(tmp_path / "nope")]) == 1
    err = capsys.readouterr().err
    assert "not a folder" in err and "Traceback" not in err
