"""Searching the demo directory from the window, the way a coordinator does during a call."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from tests.ui.conftest import has_focus, opens_dialogs, settle, sign_in


def page_of(window):
    return window.workspace.search


def names(page, count: int = 5) -> list[str]:
    return [page.model.hit(r).name for r in range(min(count, page.model.rowCount()))]


def categories(page, count: int = 3) -> list[list[str]]:
    return [page.model.hit(r).categories for r in range(min(count, page.model.rowCount()))]


def type_query(qtbot, window, text: str) -> None:
    page = page_of(window)
    page.field.setFocus()
    qtbot.keyClicks(page.field, text)  # one key event per letter, as a coordinator types
    settle(qtbot, window)


def test_a_lay_word_typed_letter_by_letter_shows_food_first(qtbot, demo_window):
    page = page_of(demo_window)
    type_query(qtbot, demo_window, "groceries")
    assert page.model.rowCount() >= 3
    for kinds in categories(page, 3):
        assert any(k.startswith("food") for k in kinds), kinds
    assert "→" in page.summary.text()  # says how the lay word was read


def test_a_typo_still_finds_shelters(qtbot, demo_window):
    page = page_of(demo_window)
    type_query(qtbot, demo_window, "shleter")
    assert page.model.rowCount() > 0
    assert any("shelter" in k for k in categories(page, 1)[0]) or "Shelter" in names(page, 1)[0]


def test_a_corrected_typo_says_so_and_the_words_as_typed_are_one_click_away(qtbot, demo_window):
    page = page_of(demo_window)
    type_query(qtbot, demo_window, "fod")
    assert "Showing results for “food”" in page.summary.text()
    assert page.model.rowCount() > 0
    assert page.suggestion.isVisible() and "fod" in page.suggestion.text()
    qtbot.mouseClick(page.suggestion, Qt.MouseButton.LeftButton)
    settle(qtbot, demo_window)
    assert page.field.text() == "fod"
    assert page.model.rowCount() == 0  # nothing in the directory says "fod"
    assert not page.suggestion.isVisible()
    page.field.end(False)
    qtbot.keyClicks(page.field, "d")  # editing the words brings the correction back
    settle(qtbot, demo_window)
    assert page.field.text() == "fodd"
    assert "Showing results for “food”" in page.summary.text()


def test_a_digit_typed_onto_a_word_is_read_as_the_word_and_says_so(qtbot, demo_window):
    page = page_of(demo_window)
    type_query(qtbot, demo_window, "help with rent4")
    assert "Showing results for “help with rent”" in page.summary.text()
    assert "No services found" not in page.summary.text()
    assert page.model.rowCount() > 0
    assert any("rent" in k for k in categories(page, 1)[0])
    assert page.suggestion.isVisible() and "rent4" in page.suggestion.text()


def test_a_synonym_finds_utility_help(qtbot, demo_window):
    page = page_of(demo_window)
    type_query(qtbot, demo_window, "power bill")
    assert any(k.startswith("utilit") for k in categories(page, 1)[0])


def test_category_filter_comes_from_the_facets_with_counts(qtbot, demo_window):
    page = page_of(demo_window)
    type_query(qtbot, demo_window, "help")
    total = page.model.total
    labels = [page.category.itemText(i) for i in range(page.category.count())]
    assert labels[0] == "All kinds of help" and any("(" in label for label in labels[1:])
    index = next(i for i in range(1, page.category.count()) if page.category.itemData(i) == "food")
    page.category.setCurrentIndex(index)
    settle(qtbot, demo_window)
    assert 0 < page.model.total < total
    for r in range(page.model.rowCount()):
        assert any(
            k.startswith("food") or k in ("meals", "nutrition")
            for k in page.model.hit(r).categories
        )


def test_near_a_zip_shows_distance_and_narrows(qtbot, demo_window):
    page = page_of(demo_window)
    type_query(qtbot, demo_window, "food")
    everywhere = page.model.total
    qtbot.keyClicks(page.zip, "49601")
    page.radius.setCurrentIndex(page.radius.findData(10))
    settle(qtbot, demo_window)
    hits = [page.model.hit(r) for r in range(page.model.rowCount())]
    assert 0 < page.model.total < everywhere
    with_distance = [h.distance_miles for h in hits if h.distance_miles is not None]
    assert with_distance and all(d <= 10 for d in with_distance)


def test_open_now_free_and_language_filters(qtbot, demo_window):
    page = page_of(demo_window)
    type_query(qtbot, demo_window, "food")
    everything = page.model.total
    page.free.setChecked(True)
    settle(qtbot, demo_window)
    assert page.model.total <= everything
    assert all(page.model.hit(r).free is not False for r in range(page.model.rowCount()))
    page.free.setChecked(False)
    page.language.setCurrentIndex(page.language.findData("es"))
    settle(qtbot, demo_window)
    assert 0 < page.model.total < everything
    assert all("es" in page.model.hit(r).languages for r in range(page.model.rowCount()))
    page.language.setCurrentIndex(0)
    page.open_now.setChecked(True)
    settle(qtbot, demo_window)
    assert page.model.total <= everything
    assert all(page.model.hit(r).open_now for r in range(page.model.rowCount()))


def test_escape_clears_the_words_then_the_filters(qtbot, demo_window):
    page = page_of(demo_window)
    type_query(qtbot, demo_window, "food")
    page.free.setChecked(True)
    page.field.setFocus()
    qtbot.keyClick(page.field, Qt.Key.Key_Escape)
    assert page.field.text() == "" and page.free.isChecked()
    qtbot.keyClick(page.field, Qt.Key.Key_Escape)
    assert not page.free.isChecked()
    settle(qtbot, demo_window)
    assert page.model.rowCount() == 0


def test_keyboard_down_enter_and_ctrl_enter(qtbot, demo_window):
    page = page_of(demo_window)
    type_query(qtbot, demo_window, "rides")
    # The first result is chosen as results arrive; Down goes to the second.
    assert page.list.currentIndex().row() == 0
    qtbot.keyClick(page.field, Qt.Key.Key_Down)
    assert page.list.currentIndex().row() == 1
    assert has_focus(page.field)  # typing can go on
    second = page.model.hit(1)
    qtbot.waitUntil(lambda: page.detail.service is not None and page.detail.service.id == second.id)
    qtbot.keyClick(page.field, Qt.Key.Key_Up)
    assert page.list.currentIndex().row() == 0
    qtbot.keyClick(page.field, Qt.Key.Key_Return)
    assert has_focus(page.detail)
    first = page.model.hit(0)
    qtbot.waitUntil(lambda: page.detail.service is not None and page.detail.service.id == first.id)
    page.field.setFocus()
    qtbot.keyClick(page.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    basket = demo_window.workspace.basket
    assert [e.service_id for e in basket.model.entries] == [first.id]
    settle(qtbot, demo_window)


def test_ctrl_k_and_slash_come_back_to_the_search_field(qtbot, demo_window):
    page = page_of(demo_window)
    demo_window.workspace.show_page("Directory")
    qtbot.keyClick(demo_window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert has_focus(page.field)
    type_query(qtbot, demo_window, "food")
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Slash)
    assert has_focus(page.field)


def test_letters_typed_in_the_list_go_to_the_search_field(qtbot, demo_window):
    page = page_of(demo_window)
    type_query(qtbot, demo_window, "food")
    page.list.setFocus()
    qtbot.keyClicks(page.list, " box")
    assert has_focus(page.field)
    assert page.field.text() == "food box"
    settle(qtbot, demo_window)


def test_add_to_plan_reorder_and_it_survives_switching_pages(qtbot, demo_window):
    page = page_of(demo_window)
    basket = demo_window.workspace.basket
    type_query(qtbot, demo_window, "food")
    chosen = [page.model.hit(r).id for r in range(3)]
    for row in range(3):
        page.list.setCurrentIndex(page.model.index(row, 0))
        qtbot.keyClick(page.list, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    page.list.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.list, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # twice: once
    assert [e.service_id for e in basket.model.entries] == chosen
    basket.view.setCurrentIndex(basket.model.index(2, 0))
    basket.up_button.click()
    assert [e.service_id for e in basket.model.entries] == [chosen[0], chosen[2], chosen[1]]
    basket.view.setFocus()
    qtbot.keyClick(basket.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [e.service_id for e in basket.model.entries] == [chosen[2], chosen[0], chosen[1]]
    basket.down_button.click()
    assert [e.service_id for e in basket.model.entries] == [chosen[0], chosen[2], chosen[1]]
    for name in ("Patients", "Follow-ups", "Directory", "Settings", "Search"):
        demo_window.workspace.show_page(name)
    assert [e.service_id for e in basket.model.entries] == [chosen[0], chosen[2], chosen[1]]
    basket.view.setCurrentIndex(basket.model.index(0, 0))
    basket.remove_button.click()
    assert [e.service_id for e in basket.model.entries] == [chosen[2], chosen[1]]
    basket.clear_button.click()
    assert basket.model.entries == []


def test_add_to_plan_from_the_detail_pane(qtbot, demo_window):
    page = page_of(demo_window)
    type_query(qtbot, demo_window, "dental")
    page.list.setCurrentIndex(page.model.index(0, 0))
    qtbot.waitUntil(lambda: page.detail.add_button is not None)
    page.detail.add_button.click()
    assert demo_window.workspace.basket.model.entries[0].service_id == page.model.hit(0).id
    assert page.detail.add_button.text() == "In the plan"


def test_copy_summary_puts_the_chart_text_on_the_clipboard(qtbot, demo_window):
    page = page_of(demo_window)
    type_query(qtbot, demo_window, "food pantry")
    row = next(r for r in range(page.model.rowCount()) if page.model.hit(r).id == "demo-svc-001")
    page.list.setCurrentIndex(page.model.index(row, 0))
    page.list.setFocus()
    with qtbot.waitSignal(page.summary_copied, timeout=5000):
        qtbot.keyClick(page.list, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = QGuiApplication.clipboard().text()
    lines = text.splitlines()
    assert lines[0].startswith("Food Pantry")
    assert "Phone: (231) 555-0101" in lines
    assert any(line.startswith("Address: 415 Birch St, Cadillac, MI 49601") for line in lines)
    hours = next(line for line in lines if line.startswith("Hours: "))
    assert "Tuesday" in hours and "Thursday" in hours
    settle(qtbot, demo_window)


def test_copying_a_phone_number(qtbot, demo_window):
    page = page_of(demo_window)
    type_query(qtbot, demo_window, "food pantry")
    page.list.setCurrentIndex(page.model.index(0, 0))
    qtbot.waitUntil(lambda: page.detail.service is not None)
    from PySide6.QtWidgets import QPushButton

    copy = next(b for b in page.detail.findChildren(QPushButton) if b.text() == "Copy")
    copy.click()
    assert QGuiApplication.clipboard().text() == page.detail.service.phones[0].number


@opens_dialogs
def test_a_reported_problem_shows_until_resolved_and_survives_lock(qtbot, demo_window):
    page = page_of(demo_window)
    type_query(qtbot, demo_window, "food pantry")
    first = page.model.hit(0)
    page.list.setCurrentIndex(page.model.index(0, 0))
    qtbot.waitUntil(lambda: page.detail.service is not None and page.detail.service.id == first.id)
    page.report_problem()
    dialog = page.problem_dialog
    dialog.buttons["wrong_phone"].setChecked(True)
    dialog.note.setPlainText("Number rings at a closed office; new one is (231) 555-0199.")
    dialog.accept()
    qtbot.waitUntil(
        lambda: page.model.is_flagged(first.id) and bool(page.detail.problems), timeout=5000
    )
    settle(qtbot, demo_window)

    demo_window.lock()
    sign_in(qtbot, demo_window)
    page = page_of(demo_window)
    type_query(qtbot, demo_window, "food pantry")
    row = page.model.row_of(first.id)
    assert row is not None and page.model.is_flagged(first.id)
    page.list.setCurrentIndex(page.model.index(row, 0))
    qtbot.waitUntil(lambda: page.detail.service is not None and page.detail.service.id == first.id)
    qtbot.waitUntil(lambda: bool(page.detail.problems))
    problem = page.detail.problems[0]
    assert problem.kind == "wrong_phone" and "555-0199" in problem.note
    page.detail.resolve_problem.emit(problem.id)
    qtbot.waitUntil(
        lambda: not page.model.is_flagged(first.id) and not page.detail.problems, timeout=5000
    )
    settle(qtbot, demo_window)


def test_results_page_in_as_the_list_scrolls(qtbot, demo_window):
    page = page_of(demo_window)
    type_query(qtbot, demo_window, "help")
    total = page.model.total
    assert total > 25 and page.model.rowCount() == 25
    while page.model.rowCount() < total:
        rows = page.model.rowCount()
        page.list.scrollToBottom()
        qtbot.waitUntil(lambda rows=rows: page.model.rowCount() > rows, timeout=5000)
    assert len({page.model.hit(r).id for r in range(total)}) == total
    settle(qtbot, demo_window)


def test_the_status_bar_counts_services(qtbot, demo_window):
    text = demo_window.stats_label.text()
    assert "159 active, 4 inactive" in text and "directory updated" in text
    assert "not checked in 12 months" in text


def test_details_of_a_service_no_longer_listed_are_cleared(qtbot, demo_window):
    page = page_of(demo_window)
    type_query(qtbot, demo_window, "food pantry")
    page.list.setCurrentIndex(page.model.index(0, 0))
    qtbot.waitUntil(lambda: page.detail.service is not None)
    page.field.clear()
    type_query(qtbot, demo_window, "shelter")
    assert page.detail.service is None
