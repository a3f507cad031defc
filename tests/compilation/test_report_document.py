"""One accepted report as a PDF: tagged PDF/UA-1 and PDF/A-2, its content in Swedish, and
the same bytes whatever registration number the report has been given."""

from typing import Any

from backend.compilation.report_document import report_pdf
from tests.compilation.pdf_checks import assert_accessible_archival_pdf, pdf_text, structure_tags

TITLE = "Rapport om internationellt arbete 2026: Barn- och utbildningsnämnden"


def _record(**changes: Any) -> dict[str, Any]:
    activity = {"title": "Erasmus+ skolutbyte", "kind": "eu_project", "countries": ["DE", "FI"],
                "programme": "erasmus_plus", "external_funding_sek": 1_250_000,
                "own_funding_sek": 250_000, "status": "ongoing",
                "outcome": "Två klasser besökte Tammerfors."}
    return {"id": "4b9c0d1e-0000-0000-0000-000000000000", "state": "accepted",
            "unit": {"id": "u", "name": "Barn- och utbildningsnämnden", "kind": "committee"},
            "registration_number": None, "committee_decision_ref": "BUN 2027-02-10 § 12",
            "accepted_at": "2027-03-01T09:30:00.123456+00:00",
            "content": {"summary": "Ett år med utbyten.\n\nOch nya kontakter.",
                        "no_international_work": False, "activities": [activity],
                        "monitoring": "Bevakar Erasmus+.", "competence": "",
                        "next_year_plans": "Söka ackreditering."}, **changes}


def test_report_pdf_is_tagged_and_holds_the_content() -> None:
    document = report_pdf(_record(), "Habo kommun", "2026")
    pdf = assert_accessible_archival_pdf(document, TITLE)
    assert {"/Title", "/H1", "/Table", "/TH", "/TD"} <= set(structure_tags(pdf))
    text = pdf_text(document)
    for expected in ("Habo kommun", TITLE, "Status: Godtagen av EU-samordnaren 1 mars 2027",
                     "Nämndens beslut: BUN 2027-02-10 § 12", "Sammanfattning",
                     "Ett år med utbyten.", "Och nya kontakter.", "Erasmus+ skolutbyte",
                     "Tyskland", "Finland", "1 250 000 kr", "Två klasser",
                     "Omvärldsbevakning och nätverk", "Kompetensutveckling –",
                     "Planer för nästa år Söka ackreditering.", "Sida 1 av 1"):
        assert expected in text, expected


def test_a_registration_number_changes_no_byte() -> None:
    before = report_pdf(_record(), "Habo kommun", "2026")
    after = report_pdf(_record(registration_number="BUN 2027/0042"), "Habo kommun", "2026")
    assert before == after and "BUN 2027/0042" not in pdf_text(after)


def test_a_report_without_international_work_says_so() -> None:
    record = _record()
    record["content"] = {**record["content"], "no_international_work": True, "activities": []}
    text = pdf_text(report_pdf(record, "Habo kommun", "2026"))
    assert "Enheten har inte haft något internationellt arbete under perioden." in text
    assert "Aktiviteter" not in text
