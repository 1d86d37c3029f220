"""Rule sets as data: loading, selection by date, grading, conclusions, incident limits, catalogue."""

from __future__ import annotations

from datetime import date
from importlib import resources
from itertools import product

import pytest

from db.domain import catalogue, rules
from db.domain.enums import HarmDegree, HarmedObject, OperatorType

G2020 = "grading-gbt22240-2020"
G2025 = "grading-form-2025"

# (object, degree) -> level, read off GB/T 22240-2020 表2/表3 and the 2025 form's 表三.
MATRIX_2020 = {
    ("citizen", "general"): 1, ("citizen", "serious"): 2, ("citizen", "very_serious"): 2,
    ("society", "general"): 2, ("society", "serious"): 3, ("society", "very_serious"): 4,
    ("nation", "general"): 3, ("nation", "serious"): 4, ("nation", "very_serious"): 5,
}  # fmt: skip
MATRIX_2025 = {
    **MATRIX_2020,
    ("nation", "general"): 4,
    ("nation", "serious"): 5,
    ("nation", "very_serious"): 5,
}


# --------------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------------


def test_all_bundled_rule_sets_load_with_metadata() -> None:
    ids = {r.id for r in rules.all_rule_sets()}
    assert ids == {
        "grading-gbt22240-2020", "grading-form-2025", "obligations-43-2007", "obligations-1846-2025",
        "conclusion-2021", "conclusion-2025", "incident-reporting-2025", "catalogue-gbt22239-2019",
        "law-cybersecurity-2017", "law-cybersecurity-2026", "data-levels-gbt43697-2024", "scanner-severity",
    }  # fmt: skip
    for rs in rules.all_rule_sets():
        assert rs.kind in rules.KINDS
        assert rs.name and rs.source
        assert isinstance(rs.effective_from, date)


@pytest.mark.parametrize(
    ("rule_set_id", "effective", "source_part"),
    [
        ("obligations-43-2007", date(2007, 6, 22), "公通字〔2007〕43号"),
        ("obligations-1846-2025", date(2025, 4, 27), "公网安〔2025〕1846号"),
        ("conclusion-2025", date(2025, 3, 20), "1846号"),
        ("incident-reporting-2025", date(2025, 11, 1), "国家网络安全事件报告管理办法"),
        ("grading-gbt22240-2020", date(2020, 11, 1), "GB/T 22240-2020 表2/表3"),
    ],
)
def test_effective_dates_and_sources(rule_set_id: str, effective: date, source_part: str) -> None:
    rs = rules.rule_set(rule_set_id)
    assert rs.effective_from == effective
    assert source_part in rs.source


def test_rule_data_is_read_only() -> None:
    rs = rules.rule_set("obligations-43-2007")
    with pytest.raises(TypeError):
        rs.data["filing"]["days"] = 10  # type: ignore[index]
    with pytest.raises(AttributeError):
        rs.id = "x"  # type: ignore[misc]


def test_unknown_ids_and_kinds_raise() -> None:
    with pytest.raises(KeyError):
        rules.rule_set("grading-1999")
    with pytest.raises(KeyError):
        rules.rule_sets("horoscope")


def test_unconfirmed_facts_are_marked() -> None:
    o1846 = rules.rule_set("obligations-1846-2025")
    assert o1846.mark("level_test.cycle_months.2").startswith("S-weak")
    assert o1846.mark("level_test.cycle_months.3") is None
    assert o1846.mark("finding_deadlines.risk.high").startswith("R")
    assert o1846.mark("drill.cycle_months.3").startswith("R")
    assert rules.rule_set("conclusion-2021").mark("grades").startswith("R")
    assert rules.rule_set(G2025).mark("cells").startswith("S-tool")
    assert rules.rule_set("catalogue-gbt22239-2019").mark("control_points.general.L1").startswith("R")


_GOOD = """
id = "x"
kind = "conclusion"
name = "测试"
effective_from = 2020-01-01
source = "测试"
metric = "score"
metric_label = "得分"
[[grades]]
label = "好"
min = 50
[[grades]]
label = "差"
"""


def test_parse_rule_set_accepts_a_minimal_file() -> None:
    rs = rules.parse_rule_set(_GOOD)
    assert rs.id == "x" and rs.data["grades"][0]["label"] == "好"


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        (_GOOD.replace('kind = "conclusion"', 'kind = "astrology"'), "unknown kind"),
        (_GOOD.replace('name = "测试"\n', ""), "missing name"),
        (_GOOD.replace("2020-01-01", '"2020-01-01"'), "effective_from"),
        (_GOOD.replace('[[grades]]\nlabel = "差"', '[[grades]]\nlabel = "差"\nmin = 0'), "fallback"),
        (_GOOD.replace('metric = "score"', 'metric = "mood"'), "metric"),
        ("id = ", "TOML"),
    ],
)
def test_parse_rule_set_rejects_malformed_files(broken: str, reason: str) -> None:
    with pytest.raises(rules.RuleDataError):
        rules.parse_rule_set(broken)


def test_grading_file_with_missing_cell_is_rejected() -> None:
    text = (resources.files("resources.rules") / f"{G2020}.toml").read_text(encoding="utf-8")
    cut = text[: text.rindex("[[cells]]")]
    with pytest.raises(rules.RuleDataError, match="9 cells"):
        rules.parse_rule_set(cut, f"{G2020}.toml")
    with pytest.raises(rules.RuleDataError, match="file name"):
        rules.parse_rule_set(text, "other-name.toml")


# --------------------------------------------------------------------------------------------------
# Selection by date
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "on", "expected"),
    [
        ("obligations", date(2000, 1, 1), "obligations-43-2007"),  # before the first: the first
        ("obligations", date(2007, 6, 22), "obligations-43-2007"),
        ("obligations", date(2025, 4, 26), "obligations-43-2007"),
        ("obligations", date(2025, 4, 27), "obligations-1846-2025"),
        ("grading", date(2019, 1, 1), G2020),
        ("grading", date(2024, 12, 31), G2020),
        ("grading", date(2025, 5, 1), G2025),
        ("conclusion", date(2025, 3, 19), "conclusion-2021"),
        ("conclusion", date(2025, 3, 20), "conclusion-2025"),
        ("incident_reporting", date(2024, 1, 1), "incident-reporting-2025"),
    ],
)
def test_in_force_picks_latest_effective_set(kind: str, on: date, expected: str) -> None:
    assert rules.in_force(kind, on).id == expected


@pytest.mark.parametrize(
    ("topic", "on", "expected"),
    [
        ("filing", date(2026, 1, 1), "obligations-43-2007"),  # 1846号 does not change filing
        ("level_test", date(2024, 6, 1), "obligations-43-2007"),
        ("level_test", date(2026, 6, 1), "obligations-1846-2025"),
        ("certificate", date(2019, 1, 1), "obligations-1846-2025"),  # only 1846号 defines it
        ("self_inspection", date(2026, 6, 1), "obligations-43-2007"),
        ("police_review", date(2026, 6, 1), "obligations-43-2007"),
    ],
)
def test_obligation_topics_are_layered(topic: str, on: date, expected: str) -> None:
    rs, rule = rules.obligation(topic, on)
    assert rs.id == expected
    assert rule["source"]


def test_obligation_cycles_from_the_data() -> None:
    assert rules.obligation("level_test", date(2024, 1, 1))[1]["cycle_months"]["4"] == 6
    assert rules.obligation("level_test", date(2026, 1, 1))[1]["cycle_months"]["4"] == 12
    with pytest.raises(KeyError):
        rules.obligation("tea_break", date(2026, 1, 1))


# --------------------------------------------------------------------------------------------------
# Grading
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("cell", "level"), MATRIX_2020.items())
def test_grading_matrix_gbt22240_2020(cell: tuple[str, str], level: int) -> None:
    assert rules.grade(G2020, *cell) == level


@pytest.mark.parametrize(("cell", "level"), MATRIX_2025.items())
def test_grading_matrix_form_2025(cell: tuple[str, str], level: int) -> None:
    assert rules.grade(G2025, *cell) == level


def test_grade_accepts_enums_and_chinese_labels() -> None:
    assert rules.grade(G2020, HarmedObject.NATION, HarmDegree.SERIOUS) == 4
    assert rules.grade(G2020, "社会秩序、公共利益", "严重损害") == 3
    assert rules.grade(G2025, "国家安全或地区安全、国计民生", "一般损害") == 4


def test_grade_rejects_unknown_codes_in_chinese() -> None:
    with pytest.raises(ValueError, match="未知的受侵害客体"):
        rules.grade(G2020, "planet", "general")
    with pytest.raises(ValueError, match="未知的侵害程度"):
        rules.grade(G2020, "citizen", "mild")
    with pytest.raises(ValueError, match="不是定级规则"):
        rules.grade("conclusion-2025", "citizen", "general")


@pytest.mark.parametrize(("business", "service"), list(product(range(1, 6), repeat=2)))
def test_final_level_is_the_maximum(business: int, service: int) -> None:
    assert rules.final_level(business, service) == max(business, service)


@pytest.mark.parametrize("bad", [0, 6, True])
def test_final_level_rejects_out_of_range(bad: int) -> None:
    with pytest.raises(ValueError, match="1至5级"):
        rules.final_level(bad, 2)


def test_final_level_of_both_analyses_under_each_rule_set() -> None:
    business = rules.grade(G2020, "society", "serious")
    service = rules.grade(G2020, "nation", "general")
    assert rules.final_level(business, service) == 3
    assert (
        rules.final_level(rules.grade(G2025, "society", "serious"), rules.grade(G2025, "nation", "general"))
        == 4
    )


def test_matrix_rows_and_labels_for_the_wizard() -> None:
    m = rules.grading_matrix(G2020)
    assert m.rows() == [[1, 2, 2], [2, 3, 4], [3, 4, 5]]
    assert [label for _, label in m.objects] == [
        "公民、法人和其他组织的合法权益",
        "社会秩序、公共利益",
        "国家安全",
    ]
    assert [label for _, label in m.degrees] == ["一般损害", "严重损害", "特别严重损害"]
    assert rules.grading_matrix(G2025).rows() == [[1, 2, 2], [2, 3, 4], [4, 5, 5]]
    assert rules.grading_matrix(G2025).objects[2][1] == "国家安全或地区安全、国计民生"


def test_harm_statements_of_the_2025_form() -> None:
    statements = rules.harm_statements(G2025)
    assert statements == {
        1: ["仅对公民、法人和其他组织的合法权益造成一般损害"],
        2: [
            "对公民、法人和其他组织的合法权益造成严重损害",
            "对公民、法人和其他组织的合法权益造成特别严重损害",
            "对社会秩序和公共利益造成一般损害",
        ],
        3: ["对社会秩序和公共利益造成严重损害"],
        4: ["对社会秩序和公共利益造成特别严重损害", "对国家安全或地区安全、国计民生造成一般损害"],
        5: ["对国家安全或地区安全、国计民生造成严重损害", "对国家安全或地区安全、国计民生造成特别严重损害"],
    }


def test_harm_statements_of_the_standard_follow_its_matrix() -> None:
    statements = rules.harm_statements(G2020)
    assert [len(statements[level]) for level in range(1, 6)] == [1, 3, 2, 2, 1]
    assert "对国家安全造成一般损害" in statements[3]
    for cell in rules.harm_cells(G2020):
        assert rules.cell_for_statement(G2020, cell.statement) == cell
    with pytest.raises(ValueError, match="未知的损害描述"):
        rules.cell_for_statement(G2020, "对宇宙造成损害")


# --------------------------------------------------------------------------------------------------
# Conclusions
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "high", "medium", "expected"),
    [
        (100, 0, 0, "优"),
        (90, 0, 0, "优"),
        (89.99, 0, 0, "良"),
        (95, 0, 1, "良"),  # a medium risk forbids 优
        (80, 0, 3, "良"),
        (79.9, 0, 0, "中"),
        (70, 0, 0, "中"),
        (69.9, 0, 0, "差"),
        (99, 1, 0, "差"),  # one high risk forces 差
        (0, 0, 0, "差"),
    ],
)
def test_conclusion_2021(score: float, high: int, medium: int, expected: str) -> None:
    assert (
        rules.conclusion_for("conclusion-2021", score=score, high_risks=high, medium_risks=medium) == expected
    )


@pytest.mark.parametrize(
    ("rate", "major", "high", "expected"),
    [
        (100, 0, 0, "符合"),
        (90.01, 0, 0, "符合"),
        (95, 0, 3, "符合"),  # high risks alone do not matter in 2025
        (90, 0, 0, "基本符合"),  # exactly 90 → 基本符合
        (95, 1, 0, "基本符合"),  # above 90 with a 重大风险隐患
        (75, 2, 0, "基本符合"),
        (60, 0, 0, "基本符合"),  # exactly 60 → 基本符合
        (59.99, 0, 0, "不符合"),
        (0, 0, 0, "不符合"),
    ],
)
def test_conclusion_2025(rate: float, major: int, high: int, expected: str) -> None:
    result = rules.conclusion_for(
        "conclusion-2025", compliance_rate=rate, major_hazards=major, high_risks=high
    )
    assert result == expected


def test_conclusion_inputs_are_checked() -> None:
    with pytest.raises(ValueError, match="缺少符合率"):
        rules.conclusion_for("conclusion-2025", score=95)
    with pytest.raises(ValueError, match="0至100"):
        rules.conclusion_for("conclusion-2021", score=101)
    with pytest.raises(ValueError, match="负数"):
        rules.conclusion_for("conclusion-2025", compliance_rate=95, major_hazards=-1)
    assert rules.conclusion_labels("conclusion-2025") == ("符合", "基本符合", "不符合")
    assert rules.conclusion_labels("conclusion-2021") == ("优", "良", "中", "差")


# --------------------------------------------------------------------------------------------------
# Incident reporting
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operator", "hours", "report_to"),
    [
        (OperatorType.CII, 1, "保护工作部门和公安机关"),
        (OperatorType.CENTRAL, 2, "本部门网信机构"),
        (OperatorType.OTHER, 4, "属地省级网信部门"),
    ],
)
def test_incident_limits(operator: OperatorType, hours: int, report_to: str) -> None:
    limit = rules.incident_limit(operator, date(2025, 12, 1))
    assert (limit.hours, limit.report_to, limit.rule_set) == (hours, report_to, "incident-reporting-2025")


def test_incident_limit_unknown_operator() -> None:
    with pytest.raises(ValueError, match="未知的运营者类型"):
        rules.incident_limit("alien", date(2025, 12, 1))


# --------------------------------------------------------------------------------------------------
# Catalogue
# --------------------------------------------------------------------------------------------------


def test_ten_categories_with_codes() -> None:
    cats = catalogue.categories()
    assert [(c.code, c.name) for c in cats] == [
        ("PES", "安全物理环境"), ("CNS", "安全通信网络"), ("ABS", "安全区域边界"), ("CES", "安全计算环境"),
        ("SMC", "安全管理中心"), ("PSS", "安全管理制度"), ("ORS", "安全管理机构"), ("HRS", "安全管理人员"),
        ("CMS", "安全建设管理"), ("MMS", "安全运维管理"),
    ]  # fmt: skip
    assert {c.group for c in cats[:5]} == {"technical"} and {c.group for c in cats[5:]} == {"management"}
    assert catalogue.category("ces").name == "安全计算环境"
    assert catalogue.category("安全运维管理").code == "MMS"
    with pytest.raises(ValueError, match="未知的安全类"):
        catalogue.category("XYZ")


@pytest.mark.parametrize(("level", "count"), [(1, 42), (2, 68), (3, 71), (4, 71)])
def test_general_control_point_counts(level: int, count: int) -> None:
    points = catalogue.control_points(level)
    assert len(points) == count
    assert len({(p.category, p.name) for p in points}) == count


def test_level_differences_in_general_requirements() -> None:
    def names(level: int, cat: str) -> list[str]:
        return [p.name for p in catalogue.control_points(level, category_code=cat)]

    assert "恶意代码防范" in names(2, "ABS") and "恶意代码和垃圾邮件防范" in names(3, "ABS")
    assert "数据保密性" not in names(2, "CES") and "数据保密性" in names(3, "CES")
    assert names(2, "SMC") == ["系统管理", "审计管理"]
    assert names(3, "SMC") == ["系统管理", "审计管理", "安全管理", "集中管控"]
    assert names(1, "SMC") == []
    assert [(p.category, p.name) for p in catalogue.control_points(4)] == [
        (p.category, p.name) for p in catalogue.control_points(3)
    ]
    assert all(p.level == 4 for p in catalogue.control_points(4))


@pytest.mark.parametrize(
    ("scenario", "scene", "count", "sample"),
    [
        ("cloud", 2, 16, "镜像和快照保护"),
        ("mobile", 3, 9, "移动终端管控"),
        ("iot", 4, 8, "抗数据重放"),
        ("ics", 5, 9, "拨号使用控制"),
    ],
)
def test_extension_scenarios(scenario: str, scene: int, count: int, sample: str) -> None:
    assert catalogue.scenario(scenario).scene == scene
    points = catalogue.control_points(3, scenario)
    assert len(points) == count
    assert sample in {p.name for p in points}
    assert catalogue.control_points(2, scenario) == ()
    assert len(catalogue.control_points(4, scenario)) == count


def test_unknown_scenario() -> None:
    with pytest.raises(ValueError, match="未知的扩展场景"):
        catalogue.control_points(3, "bigdata")


@pytest.mark.parametrize(
    ("code", "parsed"),
    [
        ("L3-CES1-01", (3, "CES", 1, 1)),
        ("l2-pes1-15", (2, "PES", 1, 15)),
        ("Ｌ３－ＣＥＳ２－０７", (3, "CES", 2, 7)),
        (" L4-MMS5-52 ", (4, "MMS", 5, 52)),
    ],
)
def test_parse_test_item_code(code: str, parsed: tuple[int, str, int, int]) -> None:
    result = catalogue.parse_test_item_code(code)
    assert tuple(result) == parsed
    assert catalogue.format_test_item_code(*parsed) == str(result)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("L3CES101", "格式不正确"),
        ("L3-CES1-1", "格式不正确"),
        ("", "格式不正确"),
        ("L5-CES1-01", "等级应为第1至第4级"),
        ("L3-XYZ1-01", "安全类代码未知"),
        ("L3-CES6-01", "场景代码"),
        ("L3-CES1-00", "从01开始"),
    ],
)
def test_parse_test_item_code_rejects(code: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        catalogue.parse_test_item_code(code)
