"""The entity records (one per entity) and the finding rules (one function, coded reasons)."""

from __future__ import annotations

import pytest

from db.domain import findings
from db.domain.enums import FindingStatus
from db.domain.fields import KINDS, FormErrors, check_all
from db.models import Base
from db.repo import columns, entities, list_specs


def test_every_entity_record_is_complete() -> None:
    tables = {m.class_.__tablename__ for m in Base.registry.mappers}
    for ent in entities.ENTITY_LIST:
        assert ent.name in tables and ent.model.__tablename__ == ent.name
        assert ent.title, ent.name
        keys = [f.key for f in ent.fields]
        assert len(keys) == len(set(keys)), ent.name
        for f in ent.fields:
            assert f.kind in KINDS, (ent.name, f.key)
            assert not f.editable or f.label, (ent.name, f.key)
            assert f.kind != "enum" or f.enum is not None, (ent.name, f.key)
            assert f.column is False or hasattr(ent.model, f.key), (ent.name, f.key)
            if f.kind == "fk" and f.editable:
                assert f.ref, (ent.name, f.key)
    assert set(entities.MODELS) == set(entities.ENTITIES)
    assert set(entities.DELETABLE) <= set(entities.ENTITIES)


def test_every_list_has_its_entity_and_every_column_a_title() -> None:
    for name, spec in list_specs.specs().items():
        ent = entities.for_list(name)
        assert ent.name == spec.entity
        assert 0 < ent.primary_columns <= len(spec.columns)
        for col in spec.columns:
            assert col.key in columns.COLUMN_TITLES, (name, col.key)


def test_saving_checks_every_field_of_the_record() -> None:
    ent = entities.entity("assessments")
    with pytest.raises(FormErrors) as err:
        check_all(ent.fields, {"object_id": "x", "score": "120", "major_risk_count": "-1"})
    assert set(err.value.errors) == {"object_id", "score", "major_risk_count"}
    assert ent.cross_check is not None
    assert ent.cross_check({"status": "reported"}) == {"report_date": "已出报告时请填写报告日期"}


def test_open_finding_is_one_definition() -> None:
    assert [s for s in FindingStatus if findings.is_open(s)] == [FindingStatus.OPEN, FindingStatus.IN_PROGRESS]
    assert findings.is_open("in_progress") and not findings.is_open("fixed") and not findings.is_open(None)
    assert [s for s in FindingStatus if findings.is_done(s)] == [FindingStatus.FIXED, FindingStatus.VERIFIED]


def _codes(reasons: list[findings.Reason]) -> list[str]:
    return [r.code for r in reasons]


def test_close_problems_give_coded_reasons() -> None:
    no_proof = [("升级中间件", "")]
    proof = [("升级中间件", "复测记录")]
    assert _codes(findings.close_problems("fixed", current="open", actions=no_proof)) == [findings.NEEDS_EVIDENCE]
    assert findings.close_problems("fixed", current="open", actions=proof) == []
    assert _codes(findings.close_problems("verified", current="fixed", actions=proof)) == [findings.NEEDS_VERIFIER]
    assert findings.close_problems("verified", current="fixed", actions=proof, verifier="王工") == []
    assert _codes(findings.close_problems("verified", current="open", actions=proof)) == [findings.NOT_ALLOWED]
    assert _codes(findings.close_problems("risk_accepted", accepted_by="李四")) == [findings.NEEDS_APPROVER]
    assert findings.close_problems("risk_accepted", accepted_by="李四", accepted_reason="计划下线") == []
    # evidence unknown (None): only what the caller supplies is checked
    assert findings.close_problems("fixed") == []
    for reasons in (findings.close_problems("verified", actions=[]), findings.close_problems("risk_accepted")):
        assert all(r.message for r in reasons)
