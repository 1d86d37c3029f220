"""A synthetic holiday calendar for a year chinese_calendar does not know (test data, not the State
Council's schedule: its dates are made up so that the tests can tell exact from estimated answers)."""

from __future__ import annotations

SAMPLE_2027 = """kind = "holidays"
year = 2027
source = "测试用节假日安排（非官方数据）"
published = 2026-11-10
holidays = [2027-01-01, 2027-01-04, 2027-02-08, 2027-02-09, 2027-02-10, 2027-02-11, 2027-02-12]
workdays = [2027-02-06, 2027-02-20]
"""
