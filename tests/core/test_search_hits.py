"""Search: modes, filters, anchors, snippets, merging and the adaptive cut-off."""
from __future__ import annotations

import numpy as np
import pytest

from explorer.core.embedding import HashingEmbedder
from explorer.core.index import Library
from explorer.core.index_mirror import VectorMirror
from explorer.core.model import Anchor, Hit
from explorer.core.search import adaptive_cut, merge_hits, search, snippet

from test_index_fixtures import pdf_doc, transcript_doc


@pytest.fixture
def lib(tmp_path):
    lib = Library(tmp_path / "lib", HashingEmbedder())
    for doc, chapters in (pdf_doc("report"), transcript_doc("meeting")):
        lib.ingest(doc, chapters)
    return lib


@pytest.mark.parametrize("mode", ["vector", "text", "hybrid"])
def test_each_mode_finds_the_right_chapter_with_its_anchor(lib, mode):
    hits = search(lib, "symphony violins conductor", mode=mode, k=5)
    assert hits and hits[0].chapter_title == "All about the orchestra"
    top = hits[0]
    assert top.doc_title == "Report" and top.kind == "pdf"
    assert 24 <= top.start < top.end <= 48
    assert top.anchor.page == top.start // 8  # the page of its first sentence
    assert top.anchor.rects and all(r.y1 > r.y0 for r in top.anchor.rects)


def test_transcript_hits_carry_times(lib):
    hits = search(lib, "lava ash crater", kind="transcript", k=3)
    assert hits and all(h.kind == "transcript" for h in hits)
    h = hits[0]
    assert h.chapter_title == "Talk on volcano"
    assert h.anchor.start == pytest.approx(10.0 * h.start) and h.anchor.end > h.anchor.start


def test_filters_by_document_and_kind(lib):
    meeting = [d for d in lib.documents() if d["kind"] == "transcript"][0]["id"]
    assert {h.doc_id for h in search(lib, "harvest wheat tractors", doc_id=meeting, k=10)} == {meeting}
    assert {h.kind for h in search(lib, "harvest wheat tractors", kind="pdf", k=10)} == {"pdf"}
    assert search(lib, "harvest", doc_id="no-such-document") == []


def test_snippet_marks_query_words_and_escapes_html():
    s = snippet("Cats & dogs: the <volcano> erupted loudly", "volcano erupting")
    assert "<b>&lt;volcano&gt;</b>" in s and "<b>erupted</b>" in s and "&amp;" in s


def _hit(start, end, score, chapter="c"):
    return Hit("d", "D", chapter, start, end, "t", "t", score, Anchor(page=0))


def test_touching_hits_of_one_chapter_are_merged():
    merged = merge_hits([_hit(4, 8, 0.9), _hit(8, 12, 0.8), _hit(20, 24, 0.7), _hit(12, 14, 0.6, "other")])
    assert [(h.start, h.end) for h in merged] == [(4, 12), (20, 24), (12, 14)]
    assert merged[0].score == 0.9


def test_adaptive_cut_stops_at_a_sharp_drop():
    hits = [_hit(i, i + 1, s) for i, s in enumerate([0.9, 0.88, 0.86, 0.3, 0.28, 0.27])]
    assert len(adaptive_cut(hits)) == 3
    flat = [_hit(i, i + 1, 0.8 - 0.01 * i) for i in range(6)]
    assert len(adaptive_cut(flat)) == 6


def test_ivf_mirror_recall_on_clustered_vectors():
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(40, 64)).astype(np.float32)
    x = centres[rng.integers(0, 40, 6000)] + 0.35 * rng.normal(size=(6000, 64)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    m = VectorMirror(x, ["d"] * len(x), ["pdf"] * len(x), exact_limit=1000)
    assert m.ivf
    recall = []
    for q in x[rng.choice(len(x), 30)] + 0.1 * rng.normal(size=(30, 64)).astype(np.float32):
        exact = set(np.argsort(-(x @ q))[:10])
        got, _ = m.search(q, 10)
        recall.append(len(exact & set(got.tolist())) / 10)
    assert np.mean(recall) >= 0.95


def test_hybrid_leads_with_full_texts_best_and_fuses_the_rest():
    from explorer.core.search import fuse

    flat_vec = [{"id": i, "_score": 0.50 - 0.01 * n} for n, i in enumerate("abcde")]
    sharp_txt = [{"id": i, "_score": s} for i, s in zip("dcxyz", (20.0, 3.0, 2.9, 2.8, 2.7))]
    fused = [r["id"] for r in fuse(flat_vec, sharp_txt, 8)]
    assert fused[0] == "d"  # full text's best match leads: the hybrid's first hit is never below full text's
    assert set(fused) == set("abcdexyz") and fused.index("c") < fused.index("x")  # in both lists beats one
    sharp_vec = [{"id": i, "_score": s} for i, s in zip("abcde", (0.9, 0.3, 0.29, 0.28, 0.27))]
    assert fuse(sharp_vec, sharp_txt, 5)[0]["id"] == "d" and fuse(sharp_vec, sharp_txt, 5)[1]["id"] == "a"
    assert [r["id"] for r in fuse(flat_vec, [], 3)] == ["a", "b", "c"]  # no word match: vectors decide


def test_hybrid_keeps_each_lists_top_two_in_its_first_four_hits():
    from explorer.core.search import fuse

    # "q" is the vectors' second chunk and no word match; "m", "n", "o" sit mid-way in both lists,
    # so plain reciprocal rank fusion would rank all three above "q".
    vec = [{"id": i, "_score": 0.9 - 0.05 * n} for n, i in enumerate(["p", "q", "m", "n", "o", "r", "s"])]
    txt = [{"id": i, "_score": 9.0 - 0.5 * n} for n, i in enumerate(["t", "u", "m", "n", "o", "v", "w"])]
    plain_rrf = [r["id"] for r in fuse(vec, txt, 7, pin_top=False)]
    assert plain_rrf.index("q") > 4
    top4 = [r["id"] for r in fuse(vec, txt, 7)][:4]
    assert set(top4) == {"p", "q", "t", "u"}


def test_a_chinese_word_is_found_inside_a_longer_run_of_characters(tmp_path):
    import pymupdf

    from explorer.core.loaders.pdf import load_pdf
    from explorer.core.model import Chapter

    pdf = pymupdf.open()
    for para in ("中诚信国际信用评级有限责任公司是一家专业的信用评级机构，为企业提供债券评级服务。",
                 "今天的天气预报说明天会下雨，气温也会降低，出门最好带上雨伞。"):
        page = pdf.new_page()
        page.insert_textbox(pymupdf.Rect(72, 72, 500, 300), para, fontname="china-s", fontsize=12)
    doc = load_pdf("zh.pdf", pdf.tobytes())
    lib = Library(tmp_path / "lib", HashingEmbedder())
    lib.ingest(doc, [Chapter(0, 1, "信用评级报告"), Chapter(1, len(doc.sentences), "天气")])
    hits = search(lib, "评级机构", mode="text", k=3)  # four characters inside a clause-long "word"
    assert hits and hits[0].start == 0
    assert search(lib, "天气预报", mode="text", k=3)[0].start == 1
    # a model change re-embeds from the stored rows, which still name their chapter
    from explorer.core.index_situate import split_context

    row = lib.table("chunks").to_lance().to_table(columns=["context", "start"]).to_pylist()
    first = next(r for r in row if r["start"] == 0)
    assert first["context"].startswith("zh > 信用 用评 评级 级报 报告 · ")
    assert split_context(first["context"], "zh > 信用评级报告")[1].startswith("中诚 诚信")


@pytest.mark.parametrize("first, second, in_second, in_first", [
    # Korean: the text has only "경기는" / "경기를" and "기온이"
    (["내일은 전국에 비가 내릴 것이라고 기상청이 예보했습니다.", "기온이 크게 떨어지겠습니다."],
     ["어젯밤 축구 경기는 정말 흥미진진했습니다.", "다음 경기를 기다립니다."], "경기", "기온"),
    # Arabic: the text has only "البرمجة" and "الأمطار"
    (["يتوقع خبراء الطقس هطول الأمطار غدا.", "ستنخفض درجات الحرارة في المساء."],
     ["تعلمنا البرمجة بلغة بايثون هذا الأسبوع.", "حل المشكلات يحتاج إلى صبر."], "برمجة", "أمطار"),
])
def test_a_word_is_found_with_the_particles_its_script_attaches(tmp_path, first, second, in_second, in_first):
    from explorer.core.loaders import load_document
    from explorer.core.model import Chapter

    cues = [f"00:00:{2 * i:02d}.000 --> 00:00:{2 * i + 1:02d}.000\n{t}\n" for i, t in enumerate(first + second)]
    path = tmp_path / "talk.vtt"
    path.write_text("WEBVTT\n\n" + "\n".join(cues), encoding="utf-8")
    doc = load_document(path)
    lib = Library(tmp_path / "lib", HashingEmbedder())
    lib.ingest(doc, [Chapter(0, 2, "one"), Chapter(2, len(doc.sentences), "two")])
    hits = search(lib, in_second, mode="text", k=3)
    assert hits and hits[0].start >= 2
    assert search(lib, in_first, mode="text", k=3)[0].start < 2
