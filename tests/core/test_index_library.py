"""The LanceDB library: idempotent ingest, incremental chapter updates, deletion."""
from __future__ import annotations

from explorer.core.embedding import HashingEmbedder
from explorer.core.index import CHUNKS, Library
from explorer.core.model import Chapter
from explorer.core.search import search

from test_index_fixtures import pdf_doc, transcript_doc


def _ids(lib: Library) -> list[str]:
    return lib.table(CHUNKS).to_arrow().column("id").to_pylist()


def test_reingest_is_idempotent_and_replaces_rows(tmp_path):
    lib = Library(tmp_path / "lib", HashingEmbedder())
    doc, chapters = pdf_doc()
    first = lib.ingest(doc, chapters)
    assert first.chunks > 3 and not first.skipped
    assert lib.ingest(doc, chapters).skipped
    lib.ingest(doc, chapters, force=True)
    ids = _ids(lib)
    assert len(ids) == len(set(ids)) == first.chunks
    # new chapters: the old rows go, the new ones come, nothing is duplicated
    lib.ingest(doc, [Chapter(0, 72, "Everything")])
    rows = lib.table(CHUNKS).to_arrow().to_pylist()
    assert {r["chapter_title"] for r in rows} == {"Everything"}
    assert len({r["id"] for r in rows}) == len(rows)
    assert [d["id"] for d in lib.documents()] == [doc.id]
    assert lib.documents()[0]["chunks"] == len(rows)


def test_update_chapters_reembeds_only_changed_chapters(tmp_path):
    lib = Library(tmp_path / "lib", HashingEmbedder())
    doc, chapters = pdf_doc()
    lib.ingest(doc, chapters)
    before = {r["id"]: r for r in lib.table(CHUNKS).to_arrow().to_pylist()}
    renamed = [chapters[0], Chapter(chapters[1].start, chapters[1].end, "Concerts"), chapters[2]]
    n = lib.update_chapters(doc, renamed)
    after = {r["id"]: r for r in lib.table(CHUNKS).to_arrow().to_pylist()}
    changed = [r for r in after.values() if r["chapter_title"] == "Concerts"]
    assert n == len(changed) > 0
    assert len(after) == len(before)
    kept = [i for i in after if i in before]
    assert len(kept) == len(after) - n  # the other chapters' rows were not touched
    assert lib.update_chapters(doc, renamed) == 0


def test_remove_drops_the_document_and_its_chunks(tmp_path):
    lib = Library(tmp_path / "lib", HashingEmbedder())
    a, ca = pdf_doc("alpha")
    b, cb = transcript_doc("beta")
    lib.ingest(a, ca)
    lib.ingest(b, cb)
    lib.remove(a.id)
    assert not lib.has_document(a.id) and lib.has_document(b.id)
    assert set(lib.table(CHUNKS).to_arrow().column("doc_id").to_pylist()) == {b.id}
    assert all(h.doc_id == b.id for h in search(lib, "volcano lava crater", mode="hybrid"))


def test_model_id_and_method_are_stored_with_every_row(tmp_path):
    lib = Library(tmp_path / "lib", HashingEmbedder(128), situate="plain")
    doc, chapters = pdf_doc()
    lib.ingest(doc, chapters)
    rows = lib.table(CHUNKS).to_arrow().to_pylist()
    assert {r["model"] for r in rows} == {"hashing-128"} and {r["method"] for r in rows} == {"plain"}
    # another model (or method) is not "already indexed": it re-embeds
    lib2 = Library(tmp_path / "lib", HashingEmbedder(128), situate="prefix")
    assert not lib2.ingest(doc, chapters).skipped
    assert {r["method"] for r in lib2.table(CHUNKS).to_arrow().to_pylist()} == {"prefix"}


def test_a_model_change_reembeds_from_stored_text(tmp_path):
    doc, chapters = pdf_doc()
    Library(tmp_path / "lib", HashingEmbedder(128)).ingest(doc, chapters)
    lib = Library(tmp_path / "lib", HashingEmbedder(64))
    assert lib.stale_documents() == [doc.id]
    n = lib.reembed()
    rows = lib.table(CHUNKS).to_arrow().to_pylist()
    assert n == len(rows) > 0 and {r["model"] for r in rows} == {"hashing-64"}
    assert lib.stale_documents() == []
    hits = search(lib, "symphony violins conductor", mode="vector", k=3)
    assert hits[0].chapter_title == "All about the orchestra"


def test_reembedding_a_transcript_keeps_its_speakers(tmp_path):
    doc, chapters = transcript_doc()
    first = Library(tmp_path / "lib", HashingEmbedder(128), situate="speakers")
    first.ingest(doc, chapters)
    before = {r["id"]: r for r in first.table(CHUNKS).to_arrow().to_pylist()}
    assert any(": " in r["context"] for r in before.values())  # speakers named in the indexed words
    lib = Library(tmp_path / "lib", HashingEmbedder(128), situate="speakers")
    lib._upsert_document({**lib.document(doc.id), "model": "old-model"})  # as after a model change
    assert lib.stale_documents() == [doc.id]
    lib.reembed()
    after = {r["id"]: r for r in lib.table(CHUNKS).to_arrow().to_pylist()}
    assert {i: r["context"] for i, r in after.items()} == {i: r["context"] for i, r in before.items()}
    # same model and words as at ingest: the re-embedded vectors are the ingested ones
    for i, r in after.items():
        assert max(abs(a - b) for a, b in zip(r["vector"], before[i]["vector"])) < 1e-6


def test_models_only_reembeds_what_another_model_embedded_and_nothing_else(tmp_path):
    """After the user picks another model, documents of the old one are re-embedded; a
    document that is stale for another reason (a situating preset) is left to re-ingest."""
    doc, chapters = pdf_doc()
    tdoc, tchapters = transcript_doc()
    old_model = HashingEmbedder(64)
    old_model.model_id = "another-model-64"  # same size, another model: rows are kept, not rebuilt
    Library(tmp_path / "lib", old_model).ingest(doc, chapters)
    Library(tmp_path / "lib", HashingEmbedder(64), situate="plain").ingest(tdoc, tchapters)
    lib = Library(tmp_path / "lib", HashingEmbedder(64))
    assert set(lib.stale_documents()) == {doc.id, tdoc.id}
    assert lib.stale_documents(models_only=True) == [doc.id]
    assert lib.reembed(models_only=True) > 0
    assert lib.stale_documents(models_only=True) == [] and lib.stale_documents() == [tdoc.id]
    assert search(lib, "symphony violins conductor", mode="vector", k=3)[0].chapter_title == "All about the orchestra"


def test_a_hit_names_the_section_of_its_chapter(tmp_path):
    """A hit inside a long chapter says which of its sections it is in, in the window and the CLI."""
    from explorer.core.search import as_dict

    doc, chapters = pdf_doc()  # volcano 0-24, orchestra 24-48, harvest 48-72
    given = chapters + [Chapter(24, 36, "Brass and strings", level=2), Chapter(36, 48, "Conductors", level=2)]
    lib = Library(tmp_path / "lib", HashingEmbedder(128))
    lib.ingest(doc, given)
    hits = search(lib, "symphony violins conductor", mode="hybrid", k=10)
    inside = [h for h in hits if h.chapter_title == "All about the orchestra"]
    assert inside and all(h.section_title == ("Brass and strings" if h.start < 36 else "Conductors") for h in inside)
    assert all(h.section_title == "" for h in hits if h.chapter_title != "All about the orchestra")
    assert as_dict(inside[0])["section"] == inside[0].section_title
    # the sections follow the library: re-indexed without them, hits name the chapter alone
    lib.ingest(doc, chapters)
    assert all(h.section_title == "" for h in search(lib, "symphony violins conductor", mode="hybrid", k=10))


def test_hits_cite_pages_as_the_pdf_prints_them(tmp_path):
    """A hit on the page printed "3" says p. 3, as the chapter panel and Go to Page do, not its position."""
    from dataclasses import replace

    doc, chapters = pdf_doc()  # 8 sentences a page; orchestra on pages 3-5
    lib = Library(tmp_path / "lib", HashingEmbedder(128))
    lib.ingest(doc, chapters)  # indexed without labels (as by an earlier Strata)
    [h] = [h for h in search(lib, "symphony violins conductor", mode="hybrid", k=1)]
    assert h.page_label == "" and h.page_name == str(h.anchor.page + 1)

    roman = ["i", "ii"] + [str(n) for n in range(1, len(doc.pages) - 1)]
    labelled = replace(doc, pages=[replace(p, label=lab) for p, lab in zip(doc.pages, roman)])
    before = _ids(lib)
    assert lib.ingest(labelled, chapters).skipped  # nothing to re-embed: only the document row learns the labels
    assert _ids(lib) == before
    [h] = [h for h in search(lib, "symphony violins conductor", mode="hybrid", k=1)]
    assert h.page_name == roman[h.anchor.page] == str(h.anchor.page - 1)


def test_a_library_embedded_on_torch_is_searchable_with_the_same_model_on_onnx(tmp_path):
    """The default engine changed from torch to onnxruntime: a library built before still
    answers by meaning at once (same model, comparable vectors), not with "no results"."""
    doc, chapters = pdf_doc()
    torch_engine = HashingEmbedder(64)
    torch_engine.model_id = "mini@gt-1/st"
    Library(tmp_path / "lib", torch_engine).ingest(doc, chapters)
    onnx_engine = HashingEmbedder(64)
    onnx_engine.model_id = "mini@gt-1/onnx-int8-v3"
    hits = search(Library(tmp_path / "lib", onnx_engine), "symphony violins conductor", mode="vector", k=3)
    assert hits and hits[0].chapter_title == "All about the orchestra"
    other = HashingEmbedder(64)
    other.model_id = "another@1/st"  # another model: its vectors mean something else
    assert search(Library(tmp_path / "lib", other), "symphony violins conductor", mode="vector", k=3) == []


def test_an_edited_file_replaces_its_older_version(tmp_path):
    from dataclasses import replace

    lib = Library(tmp_path / "lib", HashingEmbedder())
    doc, chapters = pdf_doc()
    other, other_chapters = pdf_doc("other")
    lib.ingest(doc, chapters)
    lib.ingest(other, other_chapters)
    edited = replace(doc, id="e" * 64, sentences=[replace(s, text=s.text.replace("sentence", "line"))
                                                  for s in doc.sentences])  # the same file, saved again
    lib.ingest(edited, chapters)
    assert sorted(d["id"] for d in lib.documents()) == sorted([edited.id, other.id])
    rows = lib.table(CHUNKS).to_arrow().to_pylist()
    assert {r["doc_id"] for r in rows} == {edited.id, other.id}
    assert not any(r["doc_id"] == edited.id and "sentence" in r["text"] for r in rows)
    lib.ingest(doc, chapters)  # put back as it was: that version is the file's again
    assert sorted(d["id"] for d in lib.documents()) == sorted([doc.id, other.id])


def test_a_relative_path_is_stored_absolute(tmp_path, monkeypatch):
    from dataclasses import replace

    monkeypatch.chdir(tmp_path)
    lib = Library(tmp_path / "lib", HashingEmbedder())
    doc, chapters = pdf_doc()
    lib.ingest(replace(doc, path="papers/report.pdf"), chapters)  # strata-cli ingest papers/report.pdf
    assert lib.documents()[0]["path"] == str(tmp_path / "papers" / "report.pdf")
