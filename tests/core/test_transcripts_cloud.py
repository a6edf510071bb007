"""Exports of cloud speech-to-text services open as timed, speaker-labelled transcripts.

Each fixture follows the shape of the service's documented JSON output, trimmed to a
few words: two speakers, punctuation, word times."""
from __future__ import annotations

import json

import pytest

from explorer.core.loaders import load_document

# "Hello there. How are you?" (speaker 1) then "Fine, thanks." (speaker 2)
WORDS = [("Hello", 0.5, 0.9, 0), ("there.", 1.0, 1.4, 0), ("How", 2.0, 2.2, 0), ("are", 2.2, 2.4, 0),
         ("you?", 2.4, 2.8, 0), ("Fine,", 3.5, 3.9, 1), ("thanks.", 4.0, 4.6, 1)]


def _bare(w: str) -> str:
    return w.rstrip(".,?")


def _aws() -> dict:
    items = []
    for text, s, e, spk in WORDS:
        items.append({"start_time": f"{s:.2f}", "end_time": f"{e:.2f}", "speaker_label": f"spk_{spk}",
                      "alternatives": [{"confidence": "0.99", "content": _bare(text)}], "type": "pronunciation"})
        if text != _bare(text):
            items.append({"alternatives": [{"confidence": "0.0", "content": text[-1]}], "type": "punctuation"})
    return {"jobName": "job", "accountId": "1", "status": "COMPLETED",
            "results": {"transcripts": [{"transcript": "Hello there. How are you? Fine, thanks."}], "items": items}}


def _aws_old_speakers() -> dict:
    """Older outputs: speakers only in speaker_labels.segments, matched by start time."""
    obj = _aws()
    segs: dict[int, list] = {}
    for item in obj["results"]["items"]:
        label = item.pop("speaker_label", None)
        if label:
            segs.setdefault(int(label[-1]), []).append({"start_time": item["start_time"], "end_time": item["end_time"],
                                                        "speaker_label": label})
    obj["results"]["speaker_labels"] = {"speakers": 2, "segments": [
        {"start_time": its[0]["start_time"], "end_time": its[-1]["end_time"], "speaker_label": f"spk_{k}", "items": its}
        for k, its in segs.items()]}
    return obj


def _assemblyai() -> dict:
    def words(spk):
        return [{"text": t, "start": int(s * 1000), "end": int(e * 1000), "confidence": 0.9, "speaker": "AB"[k]}
                for t, s, e, k in WORDS if k == spk]
    return {"id": "abc", "status": "completed", "text": "Hello there. How are you? Fine, thanks.",
            "words": words(0) + words(1),
            "utterances": [{"speaker": "A", "start": 500, "end": 2800, "text": "Hello there. How are you?",
                            "confidence": 0.9, "words": words(0)},
                           {"speaker": "B", "start": 3500, "end": 4600, "text": "Fine, thanks.", "confidence": 0.9,
                            "words": words(1)}]}


def _deepgram() -> dict:
    words = [{"word": _bare(t).lower(), "punctuated_word": t, "start": s, "end": e, "confidence": 0.9, "speaker": k}
             for t, s, e, k in WORDS]
    return {"metadata": {"request_id": "x", "duration": 5.0},
            "results": {"channels": [{"alternatives": [{"transcript": "hello there how are you fine thanks",
                                                        "confidence": 0.9, "words": words}]}]}}


def _google() -> dict:
    words = [{"startTime": f"{s}s", "endTime": f"{e}s", "word": t, "speakerTag": k + 1} for t, s, e, k in WORDS]
    untagged = [{k: v for k, v in w.items() if k != "speakerTag"} for w in words]
    return {"results": [
        {"alternatives": [{"transcript": "Hello there. How are you?", "confidence": 0.9, "words": untagged[:5]}],
         "resultEndTime": "2.800s"},
        {"alternatives": [{"transcript": "Fine, thanks.", "confidence": 0.9, "words": untagged[5:]}],
         "resultEndTime": "4.600s"},
        {"alternatives": [{"words": words}]},  # diarisation: every word again, with its speaker
    ]}


def _revai() -> dict:
    monos = []
    for spk in (0, 1):
        elements = []
        for t, s, e, k in WORDS:
            if k != spk:
                continue
            elements.append({"type": "text", "value": _bare(t), "ts": s, "end_ts": e, "confidence": 0.9})
            if t != _bare(t):
                elements.append({"type": "punct", "value": t[-1]})
            elements.append({"type": "punct", "value": " "})
        monos.append({"speaker": spk, "elements": elements})
    return {"monologues": monos}


def _speechmatics() -> dict:
    results = []
    for t, s, e, k in WORDS:
        results.append({"type": "word", "start_time": s, "end_time": e,
                        "alternatives": [{"content": _bare(t), "confidence": 0.9, "speaker": f"S{k + 1}"}]})
        if t != _bare(t):
            results.append({"type": "punctuation", "start_time": e, "end_time": e, "is_eos": t[-1] != ",",
                            "alternatives": [{"content": t[-1], "confidence": 1.0, "speaker": f"S{k + 1}"}]})
    return {"format": "2.9", "job": {"id": "j"}, "metadata": {"transcription_config": {"language": "en"}},
            "results": results}


CASES = {
    "aws-transcribe-json": (_aws, ["spk_0", "spk_1"]),
    "aws-transcribe-json (old)": (_aws_old_speakers, ["spk_0", "spk_1"]),
    "assemblyai-json": (_assemblyai, ["Speaker A", "Speaker B"]),
    "deepgram-json": (_deepgram, ["Speaker 0", "Speaker 1"]),
    "google-stt-json": (_google, ["Speaker 1", "Speaker 2"]),
    "revai-json": (_revai, ["Speaker 0", "Speaker 1"]),
    "speechmatics-json": (_speechmatics, ["S1", "S2"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_cloud_export_opens_with_its_speakers_sentences_and_times(tmp_path, name):
    make, speakers = CASES[name]
    path = tmp_path / "call.json"
    path.write_text(json.dumps(make()), encoding="utf-8")
    doc = load_document(path)
    assert doc.format == name.split(" ")[0]
    assert [s.text for s in doc.sentences] == ["Hello there.", "How are you?", "Fine, thanks."]
    assert [s.anchor.speaker for s in doc.sentences] == [speakers[0], speakers[0], speakers[1]]
    assert doc.sentences[0].anchor.start == pytest.approx(0.5)
    assert doc.sentences[2].anchor.start == pytest.approx(3.5) and doc.sentences[2].anchor.end == pytest.approx(4.6)
    assert doc.duration == pytest.approx(4.6)


def test_a_long_single_speaker_turn_is_cut_at_sentence_ends():
    """A lecture without diarisation is one speaker: its words must not become one cue."""
    from explorer.core.loaders.transcripts.cloud_asr import LONG_TURN_WORDS, cues_from_tokens

    tokens = []
    t = 0.0
    for k in range(3 * LONG_TURN_WORDS):
        word = "word." if k % 10 == 9 else "word"
        tokens.append((t, t + 0.3, word, None, False))
        t += 0.4
    cues = cues_from_tokens(tokens)
    assert len(cues) == 3 and all(c.text.endswith(".") for c in cues)
    assert sum(len(c.words) for c in cues) == 3 * LONG_TURN_WORDS


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_damaged_cloud_export_loads_what_it_can_or_says_why(tmp_path, name):
    """Entries of the wrong type (a string where an object belongs) are skipped, never a crash."""
    from explorer.core.errors import LoadError

    obj = CASES[name][0]()

    def spoil(x):
        if isinstance(x, dict):
            return {k: spoil(v) for k, v in x.items()}
        if isinstance(x, list):
            return [spoil(v) for v in x] + ["junk", 7, None]
        return x

    path = tmp_path / "call.json"
    path.write_text(json.dumps(spoil(obj)), encoding="utf-8")
    try:
        doc = load_document(path)
    except LoadError:
        return  # a clear message is fine too
    assert [s.text for s in doc.sentences] == ["Hello there.", "How are you?", "Fine, thanks."]
