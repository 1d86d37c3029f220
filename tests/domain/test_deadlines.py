"""Computed dates: each from the rule set in force on its trigger, with the rule set recorded."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from db.domain import deadlines as dl
from db.domain.deadlines import ComputedDate
from db.domain.enums import OperatorType, Risk
from db.domain.rules import rule_set

O43 = "obligations-43-2007"
O1846 = "obligations-1846-2025"


def _check(result: ComputedDate | None, due: date, rule: str, approximate: bool = False) -> None:
    assert result is not None
    assert (result.due, result.rule_set, result.approximate) == (due, rule, approximate)
    assert result.basis
    rule_set(result.rule_set)  # the recorded id exists


# --------------------------------------------------------------------------------------------------
# Date arithmetic
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2025, 11, 15), 2, date(2026, 1, 15)),
        (date(2026, 1, 1), -3, date(2025, 10, 1)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert dl.add_months(start, months) == expected


def test_add_years_on_leap_day() -> None:
    assert dl.add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert dl.add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


# --------------------------------------------------------------------------------------------------
# Filing
# --------------------------------------------------------------------------------------------------


def test_level_one_does_not_file() -> None:
    assert dl.filing_due(1, date(2025, 6, 1)) is None


@pytest.mark.parametrize("level", [2, 3, 4, 5])
def test_filing_due_thirty_days_after_grading(level: int) -> None:
    result = dl.filing_due(level, date(2024, 3, 1))
    _check(result, date(2024, 3, 31), O43)
    assert result is not None and result.kind == dl.FILING_DUE
    assert "定级后30日内备案" in result.basis and "43号" in result.basis


def test_filing_due_after_go_live_for_a_new_system() -> None:
    result = dl.filing_due(3, date(2026, 3, 1), go_live=date(2026, 5, 1))
    _check(result, date(2026, 5, 31), O43)
    assert result is not None and "投入运行后30日内" in result.basis


def test_filing_due_uses_grading_when_already_live() -> None:
    _check(dl.filing_due(2, date(2026, 3, 1), go_live=date(2020, 1, 1)), date(2026, 3, 31), O43)


def test_filing_due_rejects_bad_level() -> None:
    with pytest.raises(ValueError, match="1至5级"):
        dl.filing_due(6, date(2026, 3, 1))


# --------------------------------------------------------------------------------------------------
# Certificate validity
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tests", "expiry"),
    [
        ([], date(2028, 6, 9)),
        ([date(2026, 5, 20)], date(2029, 6, 9)),
        ([date(2026, 5, 20), date(2027, 5, 18)], date(2030, 6, 9)),
        ([date(2025, 1, 10)], date(2028, 6, 9)),  # a test before acceptance does not extend
        ([date(2026, 5, 20), date(2026, 5, 20)], date(2029, 6, 9)),  # the same test listed twice
    ],
)
def test_certificate_expiry_three_years_plus_one_per_test(tests: list[date], expiry: date) -> None:
    result = dl.certificate_expiry(date(2025, 6, 10), tests)
    _check(result, expiry, O1846)
    assert result.kind == dl.CERTIFICATE_EXPIRY


def test_pre_2025_filing_counts_from_2025_01_01() -> None:
    result = dl.certificate_expiry(date(2019, 5, 1))
    _check(result, date(2027, 12, 31), O1846)
    assert "2025-01-01" in result.basis


def test_pre_2025_filing_counts_only_tests_from_2025() -> None:
    tests = [date(2020, 6, 1), date(2023, 6, 1), date(2025, 6, 1)]
    _check(dl.certificate_expiry(date(2019, 5, 1), tests), date(2028, 12, 31), O1846)


def test_certificate_expiry_from_leap_day() -> None:
    _check(dl.certificate_expiry(date(2028, 2, 29)), date(2031, 2, 28), O1846)


def test_certificate_rule_read_from_data() -> None:
    rule = rule_set(O1846).data["certificate"]
    assert (rule["validity_years"], rule["extension_years_per_test"]) == (3, 1)
    assert rule["count_from"] == date(2025, 1, 1)


@pytest.mark.parametrize(
    ("accepted", "window"),
    [
        (date(2019, 5, 1), date(2027, 10, 1)),
        (date(2025, 6, 10), date(2028, 3, 10)),
        (date(2028, 2, 29), date(2030, 12, 1)),
    ],
)
def test_renewal_window_opens_three_months_before_expiry(accepted: date, window: date) -> None:
    result = dl.renewal_window_start(dl.certificate_expiry(accepted))
    _check(result, window, O1846)
    assert result.kind == dl.RENEWAL_WINDOW_START


def test_police_review_ten_working_days_over_national_day() -> None:
    result = dl.police_review_due(date(2025, 9, 26))
    _check(result, date(2025, 10, 16), O43)
    assert "10个工作日" in result.basis


def test_police_review_in_a_year_without_calendar_is_approximate() -> None:
    _check(dl.police_review_due(date(2027, 3, 1)), date(2027, 3, 15), O43, approximate=True)


# --------------------------------------------------------------------------------------------------
# Cycles
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "last", "due", "rule"),
    [
        (4, date(2024, 3, 15), date(2024, 9, 15), O43),  # 43号: 第四级 every 6 months
        (4, date(2026, 3, 15), date(2027, 3, 15), O1846),  # 1846号: yearly
        (3, date(2024, 3, 15), date(2025, 3, 15), O43),
        (3, date(2026, 3, 15), date(2027, 3, 15), O1846),
        (5, date(2024, 3, 15), date(2025, 3, 15), O43),
        (5, date(2026, 3, 15), date(2027, 3, 15), O1846),
        (2, date(2026, 3, 15), date(2028, 3, 15), O1846),  # [S-weak] every 24 months
        (4, date(2025, 4, 26), date(2025, 10, 26), O43),  # the day before 1846号
        (4, date(2025, 4, 27), date(2026, 4, 27), O1846),
    ],
)
def test_next_level_test_by_rule_set_in_force(level: int, last: date, due: date, rule: str) -> None:
    result = dl.next_level_test(level, last, date(2020, 1, 1))
    _check(result, due, rule)
    assert result is not None and result.kind == dl.NEXT_LEVEL_TEST


def test_next_level_test_without_cycle() -> None:
    assert dl.next_level_test(1, date(2026, 3, 15), date(2020, 1, 1)) is None
    assert dl.next_level_test(2, date(2024, 3, 15), date(2020, 1, 1)) is None  # 43号 sets none for 第二级


def test_next_level_test_without_a_test_is_due_at_the_reference_date() -> None:
    result = dl.next_level_test(3, None, date(2026, 2, 1))
    _check(result, date(2026, 2, 1), O1846)
    assert result is not None and "尚无等级测评记录" in result.basis
    _check(dl.next_level_test(4, None, date(2024, 2, 1)), date(2024, 2, 1), O43)
    assert dl.next_level_test(2, None, date(2024, 2, 1)) is None


@pytest.mark.parametrize(
    ("level", "due"),
    [(3, date(2027, 1, 10)), (4, date(2026, 7, 10)), (5, date(2026, 7, 10)), (2, None), (1, None)],
)
def test_next_self_inspection(level: int, due: date | None) -> None:
    result = dl.next_self_inspection(level, date(2026, 1, 10), date(2020, 1, 1))
    if due is None:
        assert result is None
    else:
        _check(result, due, O43)


@pytest.mark.parametrize(
    ("level", "due"), [(1, None), (2, date(2027, 4, 1)), (3, date(2027, 4, 1)), (4, date(2027, 4, 1))]
)
def test_next_drill(level: int, due: date | None) -> None:
    result = dl.next_drill(level, date(2026, 4, 1), date(2020, 1, 1))
    if due is None:
        assert result is None
    else:
        _check(result, due, O1846)


def test_next_drill_before_1846_uses_the_practice_default() -> None:
    _check(dl.next_drill(3, None, date(2024, 5, 31)), date(2024, 5, 31), O1846)


def test_plan_review_due() -> None:
    _check(dl.plan_review_due(date(2026, 3, 31)), date(2027, 3, 31), O1846)
    custom = dl.plan_review_due(date(2026, 3, 31), 6)
    _check(custom, date(2026, 9, 30), O1846)
    assert "预案设定" in custom.basis
    with pytest.raises(ValueError, match="评审周期"):
        dl.plan_review_due(date(2026, 3, 31), 0)


# --------------------------------------------------------------------------------------------------
# Findings and incidents
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("risk", "days"), [(Risk.HIGH, 30), (Risk.MEDIUM, 90), (Risk.LOW, 180), ("high", 30), ("low", 180)]
)
def test_finding_deadline_by_risk(risk: Risk | str, days: int) -> None:
    found = date(2025, 9, 1)
    result = dl.finding_deadline(risk, found)
    _check(result, found + timedelta(days=days), O1846)
    assert result.kind == dl.FINDING_DEADLINE and "可修改" in result.basis


def test_major_hazard_fifteen_working_days_over_national_day() -> None:
    result = dl.finding_deadline(Risk.LOW, date(2025, 9, 26), major_hazard=True)
    _check(result, date(2025, 10, 23), O1846)
    assert "15个工作日" in result.basis and "重大风险隐患" in result.basis


def test_major_hazard_over_spring_festival_2026() -> None:
    _check(dl.finding_deadline(Risk.HIGH, date(2026, 2, 13), major_hazard=True), date(2026, 3, 12), O1846)


def test_major_hazard_into_2027_is_approximate() -> None:
    _check(
        dl.finding_deadline(Risk.HIGH, date(2026, 12, 25), major_hazard=True), date(2027, 1, 15), O1846, True
    )


def test_finding_deadline_unknown_risk() -> None:
    with pytest.raises(ValueError, match="未知的风险等级"):
        dl.finding_deadline("critical", date(2026, 1, 1))


@pytest.mark.parametrize(
    ("operator", "hours", "report_to"),
    [
        (OperatorType.CII, 1, "公安机关"),
        (OperatorType.CENTRAL, 2, "本部门网信机构"),
        ("other", 4, "属地省级网信部门"),
    ],
)
def test_incident_report_deadline(operator: OperatorType | str, hours: int, report_to: str) -> None:
    found = datetime(2025, 12, 1, 23, 30)
    result = dl.incident_report_deadline(operator, found)
    assert result.due == found + timedelta(hours=hours)
    assert result.rule_set == "incident-reporting-2025"
    assert report_to in result.report_to and report_to in result.basis
    assert f"{hours}小时" in result.basis


def test_incident_report_keeps_time_zone_and_notes_effective_date() -> None:
    tz = timezone(timedelta(hours=8))
    result = dl.incident_report_deadline(OperatorType.OTHER, datetime(2025, 10, 31, 22, 0, tzinfo=tz))
    assert result.due == datetime(2025, 11, 1, 2, 0, tzinfo=tz)
    assert "2025-11-01起施行" in result.basis


# --------------------------------------------------------------------------------------------------
# Overdue and due soon
# --------------------------------------------------------------------------------------------------


def test_is_overdue_and_due_soon() -> None:
    today = date(2026, 11, 21)
    assert dl.is_overdue(date(2026, 11, 20), today)
    assert not dl.is_overdue(today, today)
    assert not dl.is_overdue(None, today)
    assert dl.due_soon(today, today)
    assert dl.due_soon(today + timedelta(days=30), today)
    assert not dl.due_soon(today + timedelta(days=31), today)
    assert dl.due_soon(today + timedelta(days=7), today, days=7)
    assert not dl.due_soon(date(2026, 11, 20), today)  # overdue is not "due soon"
    assert not dl.due_soon(None, today)


def test_overdue_accepts_computed_dates() -> None:
    filing = dl.filing_due(3, date(2026, 9, 1))
    assert dl.is_overdue(filing, date(2026, 10, 2))
    assert dl.due_soon(filing, date(2026, 9, 15))
    report = dl.incident_report_deadline("cii", datetime(2026, 1, 1, 9, 0))
    assert dl.is_overdue(report, date(2026, 1, 2))
