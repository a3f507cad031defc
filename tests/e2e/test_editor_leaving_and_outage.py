"""The editor keeps what was typed when the person leaves and when Samordna is down, in Chromium.

Leaving with unsaved text asks first (a boosted link, closing the tab); text left behind
comes back on return until it is saved or discarded; with the database down a save keeps
the form in place with a Swedish message, and saves once it is back.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from backend.core.db import make_engine, set_engine
from tests.e2e.conftest import Live
from tests.e2e.editor_steps import DRAFTS, RESTORED, report_editor, save, summary_of, type_into
from tests.e2e.helpers import assert_accessible, sign_in


@pytest.fixture(scope="module")
def editor(live: Live) -> str:
    return report_editor(live)


def test_leaving_warns_and_the_text_waits_until_it_is_saved_or_discarded(
    page: Page, live: Live, editor: str,
) -> None:
    sign_in(page, live, "contact")
    page.goto(editor)
    saved = summary_of(page).input_value()
    type_into(page, "Text som inte får försvinna.")

    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_role("navigation").get_by_role("link", name="Mina uppgifter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Årsrapport")
    assert asked == ["confirm"]
    expect(summary_of(page)).to_have_value("Text som inte får försvinna.")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("navigation").get_by_role("link", name="Mina uppgifter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina uppgifter")
    page.goto(editor)
    expect(page.get_by_text(RESTORED)).to_be_visible()
    expect(summary_of(page)).to_have_value("Text som inte får försvinna.")

    page.get_by_role("link", name="Släng det återställda och visa den sparade versionen").click()
    expect(page.get_by_text(RESTORED)).to_have_count(0)
    expect(summary_of(page)).to_have_value(saved)
    assert page.evaluate(DRAFTS) == 0

    type_into(page, "Osparat när fliken stängs.")
    with page.expect_event("dialog") as closing:
        page.close(run_before_unload=True)
    assert closing.value.type == "beforeunload"
    closing.value.accept()


def test_the_form_stays_with_a_swedish_message_while_the_database_is_down(
    page: Page, live: Live, editor: str, tmp_path: Path,
) -> None:
    sign_in(page, live, "contact")
    page.goto(editor)
    type_into(page, "Skrivet medan databasen var borta.")
    set_engine(make_engine(f"sqlite:///{tmp_path}"))  # a directory: it cannot be opened
    try:
        page.get_by_role("button", name="Spara utkast").click()
        expect(page.locator("#editor-alert")).to_contain_text("Samordna svarar inte just nu")
        expect(summary_of(page)).to_have_value("Skrivet medan databasen var borta.")
        assert page.evaluate(DRAFTS) == 1
        assert_accessible(page, "Redigera rapport (Samordna svarar inte)")
    finally:
        assert live.engine is not None
        set_engine(live.engine)
    save(page)
    expect(summary_of(page)).to_have_value("Skrivet medan databasen var borta.")
