"""The rules of 2026 as dated data: 网络安全法 articles by document date, incident reporting under the
2025 办法, 1846号 edge cases and the 部分符合 weight, GB/T 43697 data levels, holiday calendars."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from calendar_samples import SAMPLE_2027

from db.domain import holidays, incidents, law, workdays
from db.domain import self_inspection as si
from db.domain.deadlines import incident_report_deadline
from db.domain.holidays import CalendarError, parse_calendar


@pytest.fixture(autouse=True)
def no_entered_calendars():
    holidays.install([])
    yield
    holidays.install([])


# ---- 网络安全法: the article in force on the document's date ---------------------------------------


@pytest.mark.parametrize(
    ("on", "mlps", "plan", "penalty"),
    [
        (date(2025, 12, 31), "第二十一条", "第二十五条", "第五十九条"),
        (date(2026, 1, 1), "第二十三条", "第二十七条", "第六十一条"),
        (date(2026, 1, 2), "第二十三条", "第二十七条", "第六十一条"),
    ],
)
def test_citation_follows_the_document_date(on: date, mlps: str, plan: str, penalty: str) -> None:
    assert law.citation("mlps", on).text == f"《中华人民共和国网络安全法》{mlps}"
    assert law.citation("emergency_plan", on).article == plan
    assert law.citation("penalty", on).article == penalty
    assert mlps in law.mlps_basis(on)


def test_penalty_amounts_by_date() -> None:
    old, new = law.penalty_text(date(2025, 12, 31)), law.penalty_text(date(2026, 1, 2))
    assert "第五十九条" in old and "一万元以上十万元以下" in old and "五千元以上五万元以下" in old
    assert "第六十一条" in new and "可以处一万元以上五万元以下" in new and "五万元以上五十万元以下" in new
    # the weak serious-harm tier is data with a confidence mark, never printed
    rs = law.law_text(date(2026, 1, 2))
    assert rs.mark("serious_harm").startswith("S-weak") and "五十万元以上二百万" not in new


def test_data_levels_of_gbt43697_map_onto_table_six() -> None:
    assert [lv.label for lv in law.data_levels()] == ["核心数据", "重要数据", "一般数据"]
    assert law.data_level_form_code("核心数据") == "2"
    assert law.data_level_form_code("重要") == "2"
    assert law.data_level_form_code("general") == "1"
    with pytest.raises(ValueError, match="未知的数据级别"):
        law.data_level_form_code("秘密")


# ---- incident reporting ----------------------------------------------------------------------------

FOUND = datetime(2026, 11, 30, 9, 15)


@pytest.mark.parametrize(("grade", "reportable"), [("特别重大", True), ("重大", True), ("较大", True), ("一般", False)])
def test_only_grade_larger_and_above_is_reportable(grade: str, reportable: bool) -> None:
    assert incidents.is_reportable(grade, FOUND.date()) is reportable
    dates = incidents.incident_dates(grade=grade, operator_type="other", discovered_at=FOUND)
    assert (dates.report_deadline is not None) is reportable


def test_unknown_grade_shows_the_deadline_and_asks_for_a_grade() -> None:
    dates = incidents.incident_dates(grade=None, operator_type="other", discovered_at=FOUND)
    assert dates.reportable is None and dates.report_deadline is not None
    assert any("级别未判定" in n for n in dates.notes)
    with pytest.raises(ValueError, match="未知的事件级别"):
        incidents.is_reportable("很大", FOUND.date())


@pytest.mark.parametrize(("operator", "hours"), [("cii", 1), ("central", 2), ("other", 4)])
def test_reporting_time_by_operator_type_is_a_table(operator: str, hours: int) -> None:
    due = incident_report_deadline(operator, FOUND)
    assert due.due == FOUND + timedelta(hours=hours)
    assert due.rule_set == "incident-reporting-2025"


def test_weak_rows_of_the_table_are_marked() -> None:
    from db.domain.rules import rule_set

    rs = rule_set("incident-reporting-2025")
    assert rs.mark("limits.central").startswith("S-weak") and rs.mark("limits.cii").startswith("S-weak")
    assert rs.mark("limits.other") is None


def test_summary_report_due_thirty_days_after_handling_ends() -> None:
    ended = datetime(2026, 12, 3, 18, 0)
    dates = incidents.incident_dates(
        grade="较大", operator_type="other", discovered_at=FOUND, handling_ended_at=ended, initial_reported=True
    )
    assert dates.report_deadline is None  # reported already
    assert dates.summary_due is not None and dates.summary_due.due == date(2027, 1, 2)
    assert "第八条" in dates.summary_due.basis
    done = incidents.incident_dates(
        grade="较大", operator_type="other", discovered_at=FOUND, handling_ended_at=ended,
        initial_reported=True, summary_reported=True,
    )
    assert done.summary_due is None


def test_followup_is_owed_until_reported() -> None:
    owed = incidents.incident_dates(grade="重大", operator_type="cii", discovered_at=FOUND, followup_needed=True,
                                    initial_reported=True)
    assert owed.followup_pending and any("补报" in n for n in owed.notes)
    sent = incidents.incident_dates(grade="重大", operator_type="cii", discovered_at=FOUND, followup_needed=True,
                                    initial_reported=True, followup_reported=True)
    assert not sent.followup_pending


# ---- 1846号: 符合率, the weight of 部分符合, the undefined edges --------------------------------------

ON = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("rate", "hazards", "label"),
    [(95.0, 0, "符合"), (90.01, 0, "符合"), (89.99, 0, "基本符合"), (60.01, 3, "基本符合"), (59.99, 0, "不符合"),
     (0.0, 0, "不符合")],
)
def test_conclusion_inside_the_defined_ranges(rate: float, hazards: int, label: str) -> None:
    assert si.conclusion(rate, hazards, ON) == si.Conclusion(label)


@pytest.mark.parametrize(("rate", "hazards", "words"), [(90.0, 0, "恰为90%"), (60.0, 0, "恰为60%"),
                                                        (96.5, 1, "重大风险隐患"), (100.0, 2, "重大风险隐患")])
def test_edge_cases_are_flagged_not_guessed(rate: float, hazards: int, words: str) -> None:
    result = si.conclusion(rate, hazards, ON)
    assert result.label is None and result.needs_confirmation
    assert words in result.flags[0] and "待确认" in result.flags[0]


def test_partial_counts_zero_or_half_by_rule_data() -> None:
    counts = si.count(["conform"] * 8 + ["partial"] * 2 + ["nonconform"] * 0 + ["na"] * 5 + [None])
    assert counts.open == 1 and counts.not_applicable == 5
    assert si.compliance_rate(counts, 0.0) == 80.0
    assert si.compliance_rate(counts, 0.5) == 90.0
    assert si.default_partial_weight(ON) == 0.0
    assert "×0.5" in si.formula_text(0.5) and "不计分" in si.formula_text(0.0)
    with pytest.raises(ValueError, match="部分符合的计分"):
        si.check_partial_weight(0.3, ON)
    assert si.compliance_rate(si.count(["na", "na"]), 0.0) is None


def test_checklist_from_the_catalogue() -> None:
    general = si.checklist(3)
    cloud = si.checklist(3, si.scenarios_for("cloud"))
    assert len(general) == 71 and len(cloud) > len(general)
    assert {e.scenario for e in cloud} == {"general", "cloud"}
    assert [e.position for e in cloud] == list(range(1, len(cloud) + 1))
    assert si.checklist(5) == si.checklist(4)  # 第五级 against 第四级 (1846号 第10问)
    with pytest.raises(ValueError, match="扩展场景"):
        si.scenarios_for("website", ["bigdata"])


def test_carry_forward_matches_by_control_point() -> None:
    entries = si.checklist(3)
    first = entries[0]
    old = {(first.scenario, first.category, first.control_point): si.CarriedVerdict("partial", "上年说明")}
    carried = si.carry_forward(old, entries)
    assert carried == {1: si.CarriedVerdict("partial", "上年说明")}


# ---- holiday calendars -----------------------------------------------------------------------------


def test_a_2027_date_is_approximate_until_the_calendar_arrives() -> None:
    start = date(2027, 2, 5)  # Friday before the (synthetic) Spring Festival
    before, approx = workdays.add_workdays(start, 3)
    assert approx and before == date(2027, 2, 10)  # Monday–Friday estimate
    assert workdays.missing_calendar_year(date(2026, 11, 30)) == 2027
    assert workdays.missing_calendar_year(date(2026, 10, 31)) is None  # before November: not yet published
    holidays.install([parse_calendar(SAMPLE_2027.encode())])
    after, approx = workdays.add_workdays(start, 3)
    # Sat 02-06 is a make-up workday, 02-08..02-12 are off: 02-06, 02-15, 02-16
    assert not approx and after == date(2027, 2, 16)
    assert workdays.missing_calendar_year(date(2026, 11, 30)) is None


def test_round_trip_of_a_calendar_file() -> None:
    cal = parse_calendar(SAMPLE_2027.encode())
    assert parse_calendar(holidays.to_toml(cal).encode()) == cal
    assert cal.year == 2027 and len(cal.holidays) == 7 and cal.published == date(2026, 11, 10)


HOSTILE = [
    (b"\x00\x01PK\x03\x04" + bytes(range(256)), "二进制|UTF-8"),
    (b"year = 2027\nkind='grading'", "不是节假日安排文件"),
    (SAMPLE_2027.replace("2027-01-04", "2026-12-31").encode(), "不在 2027 年内"),
    (SAMPLE_2027.replace("2027-02-20", "2027-02-22").encode(), "不是周末"),
    (SAMPLE_2027.replace("2027-02-20", "2027-02-08").encode(), "同时列为"),
    (SAMPLE_2027.replace("测试用", "测试\u202e用").encode(), "来源"),
    (SAMPLE_2027.replace("year = 2027", "year = 99999").encode(), "year"),
    (SAMPLE_2027.replace("published = 2026-11-10", "published = '明天'").encode(), "发布日期"),
    ((SAMPLE_2027 + "script = 'rm -rf /'\n").encode(), "无法识别"),
    (b"year = [" * 5000, "过大|TOML"),
    (b"x" * (holidays.MAX_BYTES + 1), "过大"),
    (b"kind = 'holidays'\nyear = 2027\nsource='x'\npublished=2026-11-10\nholidays=[]", "没有任何节假日"),
    ("\ufeff".encode() + b"[[[", "TOML"),
]


@pytest.mark.parametrize(("data", "words"), HOSTILE)
def test_hostile_calendar_files_are_refused_in_one_chinese_sentence(data: bytes, words: str) -> None:
    with pytest.raises(CalendarError) as info:
        parse_calendar(data)
    message = str(info.value)
    assert "\n" not in message and any(w in message for w in words.split("|")), message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)


def test_undefined_case_for_recorded_conclusions() -> None:
    assert si.undefined_case(90, 0, ON) is not None and si.undefined_case(60, 0, ON) is not None
    assert "重大风险隐患" in (si.undefined_case(93, 1, ON) or "")
    assert si.undefined_case(93, 0, ON) is None and si.undefined_case(None, 0, ON) is None
