"""The one catalogue loader: a package's texts (nested keys read as dotted ones), the agency's wording laid
over them, and the start-up check that refuses a messages.yaml text that would fail when a person reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.catalogue import Catalogue, CatalogueError, check_agency_wording, install_agency_wording


def catalogue(tmp_path: Path, body: str, *, style: str = "format", prefix: str = "sla.") -> Catalogue:
    path = tmp_path / f"{style}.yaml"
    path.write_text(body, encoding="utf-8")
    return Catalogue("sla", path, prefix=prefix, style=style, always=("agency",))  # type: ignore[arg-type]


FORMAT = 'due:\n  today: "hari ini, {date} pukul {time}"\ngap:\n  rest_break: "jam istirahat"\n'
JINJA = 'citizen.resolved: "Aduan {{ code }} selesai.{% if note %} {{ note }}{% endif %}"\n'


def test_nested_keys_are_dotted_and_the_agency_words_them_under_the_prefix(tmp_path: Path) -> None:
    texts = catalogue(tmp_path, FORMAT)
    assert texts.text("due.today", date="Senin", time="10.00") == "hari ini, Senin pukul 10.00"
    install_agency_wording({"sla.due.today": "pada hari ini ({date}, {time})"})
    assert texts.text("due.today", date="Senin", time="10.00") == "pada hari ini (Senin, 10.00)"
    assert texts.labels("gap") == {"rest_break": "jam istirahat"}
    install_agency_wording({})
    assert texts.text("due.today", date="Senin", time="10.00") == "hari ini, Senin pukul 10.00"


def test_an_unknown_key_and_an_unknown_field_are_refused_with_the_reason(tmp_path: Path) -> None:
    texts = catalogue(tmp_path, FORMAT)
    problems = check_agency_wording(
        [texts],
        {
            "sla.due.tody": "x",
            "sla.due.today": "hari ini pukul {jam}",
            "sla.gap.rest_break": "istirahat {",
            "due.today": "without the prefix",
        },
    )
    assert problems[0] == "messages.yaml: unknown message key 'sla.due.tody'"
    assert problems[1] == (
        "messages.yaml: 'sla.due.today' uses jam, which this text does not provide (it provides: date, time)"
    )
    assert problems[2].startswith("messages.yaml: 'sla.gap.rest_break' is not a valid text")
    assert problems[3] == "messages.yaml: unknown message key 'due.today'"
    assert check_agency_wording([texts], {"sla.due.today": "{time}, {date}"}) == []


def test_a_jinja_text_may_use_its_own_names_and_the_agencys_but_no_other(tmp_path: Path) -> None:
    texts = catalogue(tmp_path, JINJA, style="jinja", prefix="")
    fine = "Aduan {{ code }} telah kami tuntaskan. Salam, {{ agency }}"
    assert check_agency_wording([texts], {"citizen.resolved": fine}) == []
    problems = check_agency_wording(
        [texts], {"citizen.resolved": "Aduan {{ kode }} selesai."}
    ) + check_agency_wording([texts], {"citizen.resolved": "Aduan {% if %} selesai."})
    assert problems[0] == (
        "messages.yaml: 'citizen.resolved' uses kode, which this text does not provide "
        "(it provides: agency, code, note)"
    )
    assert problems[1].startswith("messages.yaml: 'citizen.resolved' is not a valid text")
    assert texts.wording({"citizen.resolved": fine}) == {"citizen.resolved": fine}


def test_a_catalogue_file_that_is_not_texts_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match=r"'due\.today' must be text"):
        _ = catalogue(tmp_path, "due:\n  today: 3\n").defaults
    with pytest.raises(KeyError, match=r"the sla catalogue has no key 'due\.never'"):
        catalogue(tmp_path, FORMAT).text("due.never")
