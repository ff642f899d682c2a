"""The sentence behind a quote: the splitter on what Vietnamese news writes, and on every seed."""

from __future__ import annotations

import itertools
import unicodedata

import pytest

from ict_coop import load
from ict_coop.sentences import paragraph_around, sentence_around, sentence_spans
from tests.conftest import FIXTURE, REPO


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an acronym with a full stop ends its sentence
        ("Đoàn đã thăm Bộ TT&TT. Hai bên ký kết.", ["Đoàn đã thăm Bộ TT&TT.", "Hai bên ký kết."]),
        # an abbreviation before a name does not
        ("Hội thảo tại TP. Hồ Chí Minh. Sau đó về Hà Nội.", ["Hội thảo tại TP. Hồ Chí Minh.", "Sau đó về Hà Nội."]),
        ("PGS. TS. Nguyễn An phát biểu.", ["PGS. TS. Nguyễn An phát biểu."]),
        # numbers and words with full stops inside are no boundaries
        (
            "Có 2.000 đại biểu và 1.500,5 tỷ đồng. Tại TP.HCM cũng vậy.",
            ["Có 2.000 đại biểu và 1.500,5 tỷ đồng.", "Tại TP.HCM cũng vậy."],
        ),
        ("M.P 18/05/2023 10:15", ["M.P 18/05/2023 10:15"]),
        # initials
        ("Ông N.V. An và J. Smith dự họp. Bà Hoa chủ trì.", ["Ông N.V. An và J. Smith dự họp.", "Bà Hoa chủ trì."]),
        # quotation marks: the closing mark belongs to the sentence it closes
        (
            "Bộ trưởng nói: “Hai bên cần hợp tác. Đây là ưu tiên.” Thứ trưởng đồng ý.",
            ["Bộ trưởng nói: “Hai bên cần hợp tác.", "Đây là ưu tiên.”", "Thứ trưởng đồng ý."],
        ),
        ('Ông gọi đó là "bước ngoặt". Mọi người vỗ tay.', ['Ông gọi đó là "bước ngoặt".', "Mọi người vỗ tay."]),
        # a lower-case word goes on with the sentence; ! ? and ellipses end one
        ("Hạ tầng, dữ liệu v.v. và nhân lực. Xong!", ["Hạ tầng, dữ liệu v.v. và nhân lực.", "Xong!"]),
        ("Vì sao? Vì hiệu quả… Và còn nữa...", ["Vì sao?", "Vì hiệu quả…", "Và còn nữa..."]),
        # a line is a paragraph: no sentence crosses a line break, with or without a full stop
        (
            "Tiêu đề bài báo\nNgày 17/5, hai bên gặp nhau.\n\nẢnh: PV",
            ["Tiêu đề bài báo", "Ngày 17/5, hai bên gặp nhau.", "Ảnh: PV"],
        ),
    ],
)
def test_what_vietnamese_news_writes(text, expected):
    assert sentences(text) == expected


def test_sentence_and_paragraph_around_offsets():
    text = "Tiêu đề\nMở đầu. Hai bên nhất trí đẩy mạnh hợp tác trong lĩnh vực này, nhất là AI. Kết thúc.\nĐoạn sau."
    start = text.index("Hai bên")
    end = start + len("Hai bên nhất trí")
    around = sentence_around(text, start, end)
    assert around.text == "Hai bên nhất trí đẩy mạnh hợp tác trong lĩnh vực này, nhất là AI."
    assert text[around.start : around.end] == around.text
    assert paragraph_around(text, start, end).text == text.split("\n")[1]
    both = sentence_around(text, text.index("AI"), text.index("Kết") + 3)  # a quote over two sentences
    assert both.text == "Hai bên nhất trí đẩy mạnh hợp tác trong lĩnh vực này, nhất là AI. Kết thúc."
    with pytest.raises(ValueError, match="start < end"):
        sentence_around(text, 5, 5)
    with pytest.raises(ValueError, match="length"):
        paragraph_around(text, 0, len(text) + 1)


def _seeds():
    return sorted({*(REPO / "seeds").glob("*.txt"), *(FIXTURE / "seeds").glob("*.txt")})


@pytest.mark.parametrize("seed", _seeds(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_seed_splits_into_whole_sentences(seed):
    """Every seed: sentences in order, inside their line, trimmed, and together all of its text."""
    text = unicodedata.normalize("NFC", seed.read_text(encoding="utf-8"))
    spans = sentence_spans(text)
    assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    for start, end in spans:
        sentence = text[start:end]
        assert sentence == sentence.strip() and "\n" not in sentence
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text.split())  # nothing lost, nothing twice
    for start, _ in spans:  # a sentence that follows another on its line starts as sentences do
        before = text[:start].rsplit("\n", 1)[-1]
        if before.strip():
            assert before[-1].isspace() and before.rstrip()[-1] in '.!?…"”’»)]'


def test_every_quote_of_the_fixture_lies_in_its_sentence():
    data = load()
    quotes = data.tables["quotes"]
    assert quotes
    for quote in quotes:
        text = data.source_text(quote.source_id)
        sentence = sentence_around(text, quote.start, quote.end)
        paragraph = paragraph_around(text, quote.start, quote.end)
        assert sentence.start <= quote.start and quote.end <= sentence.end
        assert quote.text in sentence.text and sentence.text.strip() == sentence.text
        assert paragraph.start <= sentence.start and sentence.end <= paragraph.end
    # the fragment the issue quotes, with the sentence it comes from
    fragment = next(q for q in quotes if q.text == "hai bên nhất trí đẩy mạnh hợp tác trong lĩnh vực này")
    sentence = sentence_around(data.source_text(fragment.source_id), fragment.start, fragment.end).text
    assert sentence.startswith("Nhật Bản là nước đi trước") and sentence.endswith(".")


def test_quote_contexts_table_and_export(tmp_path):
    import csv

    from ict_coop.export import export
    from ict_coop.sentences import quote_contexts

    data = load()
    table = quote_contexts(data)
    assert table.num_rows == len(data.tables["quotes"])
    for row in table.to_pylist():
        text = data.source_text(row["source_id"])
        assert text[row["sentence_start"] : row["sentence_end"]] == row["sentence"]
        assert text[row["paragraph_start"] : row["paragraph_end"]] == row["paragraph"]
        assert row["sentence_start"] <= row["start"] < row["end"] <= row["sentence_end"]
    out = export("quote_contexts", tmp_path / "q.csv", "csv")
    with out.open(encoding="utf-8", newline="") as handle:
        assert [r["quote_id"] for r in csv.DictReader(handle)] == table.column("quote_id").to_pylist()
