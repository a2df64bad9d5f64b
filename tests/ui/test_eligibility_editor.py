"""The eligibility editor: corrections store only what changed, and each rule says its source."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from navigator.directory.model import Service, ServiceArea
from navigator.directory.store import prepare
from navigator.ui.eligibility_editor import EligibilityEditor


def _lunch() -> Service:
    return prepare(
        Service(
            id="svc-lunch",
            name="Senior Center Lunch",
            eligibility_description=(
                "Adults 60 and older and their spouses. Free for incomes at or below 150% FPL; "
                "discounts up to 250%"
            ),
            service_areas=[ServiceArea("county", "Lake, MI")],
        )
    )


def test_changing_one_field_stores_only_that_field(qtbot):
    service = _lunch()
    assert service.eligibility.age_exceptions == ["spouses"]
    assert service.eligibility.price_tiers == {"free": 150, "discount": 250}
    editor = EligibilityEditor(service, corrected=False)
    qtbot.addWidget(editor)
    editor.min_age.setText("55")
    with qtbot.waitSignal(editor.save_requested) as saved:
        editor.save()
    # The exceptions and the price tiers the form does not change are not corrections.
    assert saved.args == [{"min_age": 55}]


def test_the_editor_says_where_each_rule_came_from(qtbot):
    editor = EligibilityEditor(_lunch(), corrected=False)
    qtbot.addWidget(editor)
    sources = next(
        label
        for label in editor.findChildren(QLabel)
        if label.accessibleName() == "Where each rule came from"
    )
    text = sources.text()
    assert 'Youngest age: From the text: "Adults 60 and older and their spouses"' in text
    assert "Areas: From the record's service areas field: Lake, MI" in text
    assert editor.age_exceptions.text() == "spouses"
