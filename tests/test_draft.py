"""Drafting curation files: date phrases, furniture, registry mentions, the YAML drafts."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from ict_coop.dates import is_edtf
from ict_coop.draft import (
    DatePhrase,
    cited_source_id,
    draft_cited,
    draft_shipped,
    find_date_phrases,
    furniture_candidates,
    registry_mentions,
    shipped_source_id,
)

REPO = Path(__file__).resolve().parents[1]

# (sentence as news writes it, the phrase it holds, its EDTF). Each sentence holds exactly one.
FORMS = [
    # Vietnamese
    ("Ngày 17/5, tại Trụ sở Bộ Thông tin và Truyền thông, Bộ trưởng đã tiếp Đoàn.", "Ngày 17/5", "XXXX-05-17"),
    ("Từ ngày 26-30/9, Đoàn công tác của Bộ TT&TT đã thăm Liên bang Nga.", "Từ ngày 26-30/9", "XXXX-09-26/XXXX-09-30"),
    ("Chiều ngày 2/5/2018, tại Hà Nội, Bộ trưởng Trương Minh Tuấn đã tiếp Đoàn.", "Chiều ngày 2/5/2018", "2018-05-02"),
    ("Trong khuôn khổ chuyến thăm, ngày 28/3, Bộ trưởng có cuộc hội đàm.", "ngày 28/3", "XXXX-03-28"),
    ("Sáng 10/3, Thứ trưởng Phan Tâm đã tiếp Đại sứ Hàn Quốc.", "Sáng 10/3", "XXXX-03-10"),
    ("Đoàn sẽ làm việc từ 30/1 đến 2/2 tại Ấn Độ.", "từ 30/1 đến 2/2", "XXXX-01-30/XXXX-02-02"),
    ("Hội nghị diễn ra trong hai ngày 12-13/5 tại Đà Nẵng.", "trong hai ngày 12-13/5", "XXXX-05-12/XXXX-05-13"),
    ("Bản ghi nhớ được ký tháng 12/2022 tại Dodoma.", "tháng 12/2022", "2022-12"),
    ("Hai bên sẽ xây dựng 01 dự án thí điểm trong năm 2019.", "năm 2019", "2019"),
    ("Sáng nay (25/2), Bộ trưởng Nguyễn Mạnh Hùng tiếp Đại sứ Nhật Bản.", "Sáng nay (25/2)", "XXXX-02-25"),
    ("Hôm nay (25/2), Bộ TT&TT tổ chức hội nghị.", "Hôm nay (25/2)", "XXXX-02-25"),
    ("Tại Hà Nội (25/2), hai Bộ trưởng đã ký kết.", "25/2", "XXXX-02-25"),
    ("Hà Nội, 17/5/2023 - Bộ trưởng chủ trì buổi tiếp.", "17/5/2023", "2023-05-17"),
    ("Cập nhật 17-5-2023 lúc 10 giờ.", "17-5-2023", "2023-05-17"),
    ("Cập nhật 17.5.2023 lúc 10 giờ.", "17.5.2023", "2023-05-17"),
    ("Trong khuôn khổ chuyến thăm Campuchia, ngày 8/11, hai Bộ trưởng làm việc.", "ngày 8/11", "XXXX-11-08"),
    ("M.P 18/05/2023 10:15", "18/05/2023", "2023-05-18"),
    ("Ngày 17 tháng 5 năm 2023, Bộ TT&TT đón Đoàn.", "Ngày 17 tháng 5 năm 2023", "2023-05-17"),
    ("Chuyến thăm vào tháng 12 đã mở ra nhiều cơ hội.", "tháng 12", "XXXX-12"),
    ("Đoàn đến Hà Nội từ 30/12/2018 đến 2/1/2019.", "từ 30/12/2018 đến 2/1/2019", "2018-12-30/2019-01-02"),
    ("Đoàn đến Hà Nội từ 30/12 đến 2/1/2019.", "từ 30/12 đến 2/1/2019", "2018-12-30/2019-01-02"),
    ("Diễn đàn tổ chức 26/9-30/9/2018 tại Moskva.", "26/9-30/9/2018", "2018-09-26/2018-09-30"),
    ("Hội nghị diễn ra ngày 26 hoặc 27/9/2018.", "ngày 26 hoặc 27/9/2018", "[2018-09-26..2018-09-27]"),
    ("Các bên hoàn thành trước ngày 3/5/2018.", "trước ngày 3/5/2018", "../2018-05-03"),
    ("Thứ Năm, 17/5/2023, Bộ trưởng tiếp Đoàn.", "Thứ Năm, 17/5/2023", "2023-05-17"),
    ("Kế hoạch giai đoạn 2021-2025 đã được phê duyệt.", "2021-2025", "2021/2025"),
    ("Hội nghị ASEAN tổ chức ngày 12 và 13/5 tại Singapore.", "ngày 12 và 13/5", "XXXX-05-12/XXXX-05-13"),
    ("Từ ngày 1/7, quy định mới có hiệu lực.", "Từ ngày 1/7", "XXXX-07-01/.."),
    ("Hai bên đã thống nhất từ tháng 3 đến tháng 5/2019.", "từ tháng 3 đến tháng 5/2019", "2019-03/2019-05"),
    # English
    (
        "On March 21, 2019, Minister Truong Minh Tuan received the ITU Secretary-General.",
        "On March 21, 2019",
        "2019-03-21",
    ),
    ("The talks were held in Hanoi on 21 March 2019.", "on 21 March 2019", "2019-03-21"),
    ("The MoU was signed in March 2019 in New Delhi.", "March 2019", "2019-03"),
    (
        "The delegation visited India from January 30 to February 2.",
        "from January 30 to February 2",
        "XXXX-01-30/XXXX-02-02",
    ),
    ("The forum opened on Oct 24 in Bangkok.", "on Oct 24", "XXXX-10-24"),
    ("The forum opened on 24 Oct. in Bangkok.", "on 24 Oct.", "XXXX-10-24"),
    (
        "Deputy Minister Phan Tam this morning (March 3) received the delegation.",
        "this morning (March 3)",
        "XXXX-03-03",
    ),
    ("The ministers met on the 1st of June 2018 in Tokyo.", "1st of June 2018", "2018-06-01"),
    ("ASEAN TELMIN took place on November 2nd, 2017 in Cambodia.", "on November 2nd, 2017", "2017-11-02"),
    ("The APT meeting ran on September 21st in Bangkok.", "on September 21st", "XXXX-09-21"),
    ("The conference took place March 26-30, 2019 in Geneva.", "March 26-30, 2019", "2019-03-26/2019-03-30"),
    ("The course ran from 26 to 30 September 2019 in Hanoi.", "from 26 to 30 September 2019", "2019-09-26/2019-09-30"),
    ("Thursday, March 21, 2019 | 10:15", "Thursday, March 21, 2019", "2019-03-21"),
    ("Published 2018-05-02 by the ministry.", "2018-05-02", "2018-05-02"),
    ("Viet Nam has chaired the group since 2019.", "since 2019", "2019/.."),
    ("The plan covers the years from 2016 to 2020.", "from 2016 to 2020", "2016/2020"),
    ("The visit is planned in May.", "May", "XXXX-05"),
    ("The two ministries will meet in 2024 again.", "2024", "2024"),
    ("He will visit between 5 and 9 May.", "between 5 and 9 May", "XXXX-05-05/XXXX-05-09"),
]

NEEDS_DATE = [
    ("The minister met the ambassador on Thursday.", "on Thursday"),
    ("Sáng cùng ngày, Bộ trưởng gặp gỡ lãnh đạo các tổ chức.", "Sáng cùng ngày"),
    ("Chiều qua, Bộ trưởng tiếp Đại sứ.", "Chiều qua"),
    ("Vào thứ Hai, Đoàn sẽ đến Tokyo.", "thứ Hai"),
]

NEGATIVES = [
    "Công nghiệp 4.0 và Industry 4.0 mở ra cơ hội.",
    "Phiên bản 5.0 của nền tảng đã ra mắt.",
    "Đại dịch COVID-19 ảnh hưởng đến kinh tế.",
    "Hội nghị G20 và nhóm G7 bàn về kinh tế số.",
    "Mạng 5G và 4G phủ sóng 63 tỉnh.",
    "Đường dây nóng: 0243.943.7171 hoặc 024 3943 7171 hoặc 0912-345-678.",
    "Hotline +84 24 3822 6410, tổng đài 1900 1234.",
    "Tỷ lệ tăng 50% so với 12,5% năm trước.",
    "Có 2/3 số doanh nghiệp đã chuyển đổi số.",
    "Khoảng 1/3 dân số dùng điện thoại thông minh.",
    "Hỗ trợ khách hàng 24/7 trên toàn quốc.",
    "Thông tư 05/2019/TT-BTTTT quy định chi tiết.",
    "Nghị định số 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân.",
    "Ngày 31/2 không có trong lịch.",
    "Dự án đổi mới sáng tạo số và tối ưu hóa hạ tầng.",
    "Kỷ niệm 35 năm đổi mới, hơn 40 năm qua.",
    "Đại hội lần thứ X của Đảng CCM.",
    "Trong 2-3 năm tới, mỗi tháng 1 lần.",
    "Tuy nhiên, từ 2000 người tham gia.",
    "Tỷ số 3-1 nghiêng về đội chủ nhà.",
    "ISO 27001 và ISO/IEC 27002 là các tiêu chuẩn.",
    "You may join the meeting; they march on.",
    "Version 2.1.3 ships with v10.15 fixes.",
    "image_20180502.jpg and 20180502huy2.jpg",
]


def _only(text: str) -> DatePhrase:
    found = find_date_phrases(text)
    assert len(found) == 1, [p.phrase for p in found]
    return found[0]


@pytest.mark.parametrize(("text", "phrase", "edtf"), FORMS, ids=[f[1] for f in FORMS])
def test_date_forms(text, phrase, edtf):
    found = _only(text)
    start = text.index(phrase)
    assert (found.phrase, found.start, found.end, found.edtf) == (phrase, start, start + len(phrase), edtf)
    assert text[found.start : found.end] == phrase
    assert found.basis == ("needs_year" if "XXXX" in edtf else "stated")
    assert is_edtf(edtf)


def test_enough_forms():
    assert len(FORMS) >= 40
    assert len({edtf for _, _, edtf in FORMS}) >= 30


@pytest.mark.parametrize(("text", "phrase"), NEEDS_DATE)
def test_weekday_or_relative_day_alone(text, phrase):
    found = _only(text)
    assert (found.phrase, found.edtf, found.basis) == (phrase, None, "needs_date")
    assert found.start == text.index(phrase)


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_dates(text):
    assert find_date_phrases(text) == []


def test_several_phrases_on_several_lines():
    text = "PV| 03/05/2018 08:21\n\nChiều ngày 2/5/2018, tại Hà Nội.\nTrong năm 2018 và năm 2019 hai bên hợp tác."
    found = find_date_phrases(text)
    assert [(p.phrase, p.edtf) for p in found] == [
        ("03/05/2018", "2018-05-03"),
        ("Chiều ngày 2/5/2018", "2018-05-02"),
        ("năm 2018", "2018"),
        ("năm 2019", "2019"),
    ]
    assert all(text[p.start : p.end] == p.phrase for p in found)


def test_offsets_are_code_points_and_text_is_left_as_is():
    decomposed = "Bo\u0302\u0323 tru\u031bo\u031b\u0300ng: Ngày 17/5/2023."  # NFD before the date
    found = _only(decomposed)
    assert decomposed[found.start : found.end] == found.phrase == "Ngày 17/5/2023"


@pytest.mark.parametrize(
    "text", ["ngày 31/2/2019", "ngày 30/2", "29/2/2023", "ngày 32/1", "ngày 12/13/2019", "March 32, 2019", "31/4"]
)
def test_impossible_dates_are_not_dates(text):
    assert find_date_phrases(text) == []


def test_a_range_that_runs_backwards_is_no_range():
    found = find_date_phrases("từ 30/9 đến 26/9")
    assert [(p.phrase, p.edtf) for p in found] == [("từ 30/9", "XXXX-09-30/.."), ("đến 26/9", "../XXXX-09-26")]


def test_leap_day_without_year_is_possible():
    assert _only("ngày 29/2").edtf == "XXXX-02-29"
    assert _only("ngày 29/2/2024").edtf == "2024-02-29"


FILLER = [
    "Bộ trưởng",
    "đã tiếp",
    "Đoàn công tác",
    "tại Hà Nội,",
    "hai bên",
    "trao đổi về",
    "chuyển đổi số",
    "và hạ tầng số.",
    "Theo đó,",
    "ngày",
    "Sáng",
    "Chiều",
    "vào",
]


@given(
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)),
    before=st.lists(st.sampled_from(FILLER), max_size=6),
    after=st.lists(st.sampled_from(FILLER), max_size=6),
    padded=st.booleans(),
    separator=st.sampled_from("/-."),
)
def test_any_real_date_in_filler_is_found(day, before, after, padded, separator):
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if padded else (str(day.day), str(day.month))
    written = separator.join((d, m, str(day.year)))
    text = " ".join([*before, written, *after])
    hits = [p for p in find_date_phrases(text) if written in p.phrase]
    assert len(hits) == 1
    assert hits[0].edtf == day.isoformat()
    assert hits[0].basis == "stated"
    assert text[hits[0].start : hits[0].end] == hits[0].phrase
    assert hits[0].phrase.endswith(written)


@given(st.text(alphabet=st.sampled_from(list("0123456789/-.,() \nngàyth áSMarchOn%")), max_size=60))
def test_any_text_gives_consistent_phrases(text):
    found = find_date_phrases(text)
    for p in found:
        assert text[p.start : p.end] == p.phrase
        assert p.edtf is None or is_edtf(p.edtf)
        assert p.basis == ("needs_date" if p.edtf is None else "needs_year" if "XXXX" in p.edtf else "stated")
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


# --------------------------------------------------------------------------- furniture


def test_furniture_kinds():
    text = (
        "Headline of the page\n"
        "Theo dõi ICTVietnam trên\n"
        "Body paragraph one.\n"
        "z4354642789076_35ad5058d185f1852076d20c14924d32.jpg\n"
        "Toàn cảnh buổi làm việc.\n"
        "Body paragraph two.\n"
        "Ấn Độ sẵn sàng hỗ trợ - ảnh 1\n"
        "Bộ trưởng hội đàm. (Ảnh: Đăng Chính/Vietnam+)\n"
        "Xem thêm: Bộ trưởng tiếp Đại sứ\n"
        "Related\n"
        "Share\n"
        "a.png\n"
        "b.png\n"
        "\n"
        "Nổi bật Tạp chí Thông tin & Truyền thông\n"
        "  • A teaser headline\n"
        "    A teaser summary that runs on.\n"
        "POWERED BY ONECMS - A PRODUCT OF NEKO"
    )
    spans = furniture_candidates(text)
    assert [(s.kind, s.text) for s in spans] == [
        ("social", "Theo dõi ICTVietnam trên"),
        ("caption", "z4354642789076_35ad5058d185f1852076d20c14924d32.jpg\nToàn cảnh buổi làm việc."),
        ("caption", "Ấn Độ sẵn sàng hỗ trợ - ảnh 1\nBộ trưởng hội đàm. (Ảnh: Đăng Chính/Vietnam+)"),
        ("related_links", "Xem thêm: Bộ trưởng tiếp Đại sứ"),
        ("related_links", "Related"),
        ("social", "Share"),
        ("image_file", "a.png\nb.png"),
        (
            "sidebar",
            "Nổi bật Tạp chí Thông tin & Truyền thông\n  • A teaser headline\n    A teaser summary that runs on.",
        ),
        ("footer", "POWERED BY ONECMS - A PRODUCT OF NEKO"),
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_body_lines_are_not_furniture():
    text = "Theo dõi tình hình, Bộ trưởng chỉ đạo các đơn vị.\nRelated to this, the minister spoke at length."
    assert [s.kind for s in furniture_candidates(text)] == ["related_links"]  # short marker lines are candidates
    assert furniture_candidates("Theo dõi tình hình, Bộ trưởng chỉ đạo.\nBody.") == []


def _seed(name: str) -> str:
    return (REPO / "seeds" / name).read_text(encoding="utf-8")


def test_furniture_of_the_shipped_seeds_is_found():
    def table(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO((REPO / "data" / f"{name}.csv").read_text(encoding="utf-8"))))

    files = {r["source_id"]: r["file_name"] for r in table("sources")}
    rows = table("furniture")
    checked = 0
    for row in rows:
        if row["kind"] == "section_label":
            continue
        spans = furniture_candidates(_seed(files[row["source_id"]]))
        start, end = int(row["start"]), int(row["end"])
        assert any(s.start < end and start < s.end for s in spans), row
        checked += 1
    assert checked >= 10


# --------------------------------------------------------------------------- registry


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    (tmp_path / "people").mkdir()
    (tmp_path / "organizations").mkdir()
    (tmp_path / "people" / "per-nguyen-manh-hung.yaml").write_text(
        "person_id: per-nguyen-manh-hung\nname: Nguyễn Mạnh Hùng\nname_en: Nguyen Manh Hung\n", encoding="utf-8"
    )
    (tmp_path / "people" / "per-giles-lever.yaml").write_text(
        "person_id: per-giles-lever\nname: Giles Lever\nname_en: Giles Lever\n", encoding="utf-8"
    )
    (tmp_path / "organizations" / "org-vnm-mic.yaml").write_text(
        "organization_id: org-vnm-mic\nname: Bộ Thông tin và Truyền thông\n"
        "name_en: Ministry of Information and Communications\nabbreviation: TT&TT\n",
        encoding="utf-8",
    )
    (tmp_path / "organizations" / "org-int-itu.yaml").write_text(
        "organization_id: org-int-itu\nname: Liên minh Viễn thông Quốc tế\n"
        "name_en: International Telecommunication Union\nabbreviation: ITU\n",
        encoding="utf-8",
    )
    (tmp_path / "organizations" / "org-vnm-government.yaml").write_text(
        "organization_id: org-vnm-government\nname: Chính phủ\n", encoding="utf-8"
    )
    return tmp_path


def test_registry_mentions(registry):
    text = (
        "Bộ trưởng Bộ TT&TT Nguyễn Mạnh Hùng tiếp Tổng thư ký ITU. "
        "Minister Nguyen Manh Hung of the Ministry of Information and  Communications; "
        "Bo Thong tin va Truyen thong; itu; ITUs; chính phủ số; Chính phủ Việt Nam."
    )
    found = [(m.text, m.entity_id, m.field) for m in registry_mentions(text, registry)]
    assert found == [
        ("TT&TT", "org-vnm-mic", "abbreviation"),
        ("Nguyễn Mạnh Hùng", "per-nguyen-manh-hung", "name"),
        ("ITU", "org-int-itu", "abbreviation"),
        ("Nguyen Manh Hung", "per-nguyen-manh-hung", "name"),
        ("Ministry of Information and  Communications", "org-vnm-mic", "name_en"),
        ("Bo Thong tin va Truyen thong", "org-vnm-mic", "name"),
        ("Chính phủ", "org-vnm-government", "name"),
    ]
    for m in registry_mentions(text, registry):
        assert text[m.start : m.end] == m.text
        assert m.entity_kind == ("person" if m.entity_id.startswith("per-") else "organization")


def test_a_mention_inside_a_longer_one_of_the_same_entity_is_left_out(tmp_path):
    (tmp_path / "organizations").mkdir()
    (tmp_path / "organizations" / "org-vnm-viettel.yaml").write_text(
        "organization_id: org-vnm-viettel\nname: Tập đoàn Công nghiệp Viễn thông Quân đội Viettel\n"
        "abbreviation: Viettel\n",
        encoding="utf-8",
    )
    text = "Lãnh đạo Tập đoàn Công nghiệp Viễn thông Quân đội Viettel và công ty Viettel Campuchia."
    assert [m.text for m in registry_mentions(text, tmp_path)] == [
        "Tập đoàn Công nghiệp Viễn thông Quân đội Viettel",
        "Viettel",
    ]


def test_registry_mentions_in_a_real_seed():
    found = {m.entity_id for m in registry_mentions(_seed("003_94d59fef2be946c9.txt"), REPO / "curation" / "registry")}
    assert {"per-truong-minh-tuan", "per-ravi-shankar-prasad", "org-ind-ficci", "org-vnm-mic"} <= found


# --------------------------------------------------------------------------- drafts


def _todos(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _todos(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _todos(value, f"{path}[{i}]")
    elif isinstance(node, str) and node.startswith("TODO"):
        yield path


def test_source_ids():
    url = "https://english.mic.gov.vn/minister-truong-minh-tuan-receives-uk-ambassador-197132749.htm"
    assert cited_source_id(url) == "src-w" + hashlib.sha256(url.encode()).hexdigest()[:10]
    assert shipped_source_id("seeds/000_8f451541f6ada9f5.txt") == "src-000"
    with pytest.raises(ValueError, match="NNN_"):
        shipped_source_id("notes.txt")


def test_draft_shipped():
    name = "000_8f451541f6ada9f5.txt"
    text = _seed(name)
    body = draft_shipped(text, name, REPO / "curation" / "registry")
    doc = yaml.safe_load(body)
    assert body.startswith("# DRAFT curation file for src-000")
    assert doc["source"]["kind"] == "shipped"
    assert doc["source"]["file_name"] == name
    assert doc["review"] == {"state": "drafted"}
    assert doc["source"]["title"] == "TODO-confirm: Việt Nam và Tanzania hợp tác hướng đến xây dựng quan hệ Đối tác số"
    assert doc["source"]["published"] == "TODO-confirm: 2023-05-18"
    assert doc["source"]["published_text"] == "TODO-confirm: 18/05/2023 10:15"
    todos = set(_todos(doc))
    assert {".source.outlet", ".source.publisher_kind", ".source.language", ".source.published_basis"} <= todos
    # a name written more than once comes with a quote that occurs once (outside furniture)
    hung = doc["names"]["per-nguyen-manh-hung"]
    assert hung["text"] == "Nguyễn Mạnh Hùng"
    assert "Nguyễn Mạnh Hùng" in hung["quote"]
    assert text.count(hung["quote"]) == 1
    assert doc["names"]["org-tza-halotel"] == "Halotel"  # written once: the name is its own quote
    kinds = [item["kind"] for item in doc["furniture"]]
    assert kinds.count("TODO-confirm: caption") == 4
    assert all(item["text"] in text for item in doc["furniture"])
    dates = doc["draft"]["dates"]
    assert {"at": "paragraph 1", "line": 7, "terms": "Ngày 17/5", "edtf": "XXXX-05-17", "basis": "needs_year"} in dates
    assert {d["terms"] for d in dates} == {"18/05/2023", "Ngày 17/5", "tháng 12/2022"}


def test_draft_shipped_without_date_line():
    name = "001_832d0b9617072722.txt"
    doc = yaml.safe_load(draft_shipped(_seed(name), name, REPO / "curation" / "registry"))
    assert doc["source"]["published_basis"] == "TODO"
    assert "published" not in doc["source"]
    assert doc["draft"]["dates"][0]["edtf"] == "XXXX-09-26/XXXX-09-30"


PAGE = "\n".join(
    [
        "Home | News | Cooperation",
        "Minister Nguyen Manh Hung receives ITU Secretary-General",
        "Thursday, March 21, 2019 | 10:15",
        "Theo dõi MIC trên",
        "On March 20, Minister Nguyen Manh Hung received Doreen Bogdan-Martin, who leads the International"
        " Telecommunication Union, at the ministry's headquarters in Hanoi for a long conversation about digital"
        " transformation.",
        "itu_visit_2019.jpg",
        "The minister and the ITU delegation pose for a group photo after the meeting in Hanoi.",
        "Both sides agreed that the two organisations would hold a joint workshop on spectrum management from 26 to"
        " 30 September in Da Nang, and said they would keep working together on cybersecurity.",
        "The ITU side also praised the role of the Ministry of Information and Communications in the region over"
        " many years of membership.",
        "Related",
        "Share",
        "Copyright 2019 Ministry of Information and Communications",
    ]
)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def test_draft_cited_keeps_no_sentence_of_the_page(registry):
    url = "https://english.mic.gov.vn/minister-receives-itu-197190321.htm"
    body = draft_cited(url, PAGE, registry, today=date(2026, 12, 1))
    page = _words(PAGE)
    grams = {tuple(page[i : i + 8]) for i in range(len(page) - 7)}
    draft = _words(body)
    assert not [draft[i : i + 8] for i in range(len(draft) - 7) if tuple(draft[i : i + 8]) in grams]
    doc = yaml.safe_load(body)
    assert body.startswith(f"# DRAFT curation file for {cited_source_id(url)}")
    assert doc["source"]["url"] == url
    assert doc["source"]["kind"] == "cited"
    assert doc["source"]["read_on"] == date(2026, 12, 1)
    assert doc["source"]["title"] == "TODO"
    assert doc["source"]["language"] == "TODO-confirm: en"
    assert doc["review"]["state"] == "drafted"
    assert doc["draft"]["headline"] == {"line": 2}  # a locator, not the headline's words
    publication = {"line": 3, "terms": "Thursday, March 21, 2019 | 10:15", "edtf": "2019-03-21"}
    assert doc["draft"]["publication_line"] == publication
    assert doc["names"] == {
        "org-int-itu": "International Telecommunication Union",
        "org-vnm-mic": "Ministry of Information and Communications",
        "per-nguyen-manh-hung": "Nguyen Manh Hung",
    }
    dates = {d["terms"]: d for d in doc["draft"]["dates"]}
    assert dates["On March 20"] == {
        "at": "paragraph 1",
        "line": 5,
        "terms": "On March 20",
        "edtf": "XXXX-03-20",
        "basis": "needs_year",
    }
    assert dates["from 26 to 30 September"]["edtf"] == "XXXX-09-26/XXXX-09-30"
    kinds = {f["kind"] for f in doc["draft"]["furniture"]}
    assert {"social", "caption", "related_links", "footer"} <= kinds
    assert all(len(d["terms"]) <= 100 for d in doc["draft"]["dates"])
    assert all(len(v) <= 100 for v in doc["names"].values())
    assert "furniture" not in doc  # a cited page ships no furniture text


def test_drafts_do_not_validate_as_they_are(registry):
    shipped = yaml.safe_load(draft_shipped(_seed("002_fee9090671b3a111.txt"), "002_fee9090671b3a111.txt", registry))
    cited = yaml.safe_load(draft_cited("https://example.org/a", PAGE, registry, today=date(2026, 12, 1)))
    for doc in (shipped, cited):
        todos = list(_todos(doc))
        assert ".source.publisher_kind" in todos
        assert ".source.language" in todos
        assert doc["review"]["state"] == "drafted"


def test_draft_of_an_empty_page(registry):
    doc = yaml.safe_load(draft_cited("https://example.org/empty", "", registry, today=date(2026, 12, 1)))
    assert doc["names"] == {}
    assert doc["draft"]["dates"] == []
    assert doc["draft"]["furniture"] == []
