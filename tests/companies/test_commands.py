import pytest
from django.core.management import CommandError, call_command

from companies.models import RegisteredCompany
from companies.register_io import csv_text, synthetic_ice
from companies.selectors import check_name
from tests.factories.companies import ensure_legal_forms, make_registered_company

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Atlas Négoce",
    "legal_form": "sarl",
    "status": "registered",
    "capital": "100000",
    "city_code": "06.141.01.0",
    "rc_number": "12345",
    "rc_court": "Casablanca",
    "ice": "001561191000066",
    "if_number": "1234567",
}


def write(tmp_path, rows):
    path = tmp_path / "register.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    return str(path)


def test_import_loads_valid_file(tmp_path, capsys):
    ensure_legal_forms()
    from tests.factories.chambers import ensure_reference_data

    ensure_reference_data()
    path = write(tmp_path, [GOOD, {"name": "Sahara Études", "status": "being_created"}])
    call_command("import_companies", path)
    assert sorted(RegisteredCompany.objects.values_list("name", "normalized_name")) == [
        ("Atlas Négoce", "atlas negoc"),
        ("Sahara Études", "sahara etud"),
    ]
    assert capsys.readouterr().out == "2 companies loaded, 0 row(s) rejected.\n"
    assert check_name("ATLAS NEGOCE sarl").verdict == "unavailable"


def test_import_with_bad_rows_loads_nothing_and_reports_lines(tmp_path, capsys):
    ensure_legal_forms()
    make_registered_company("Oasis Conseil")
    rows = [
        {**GOOD, "city_code": ""},
        {**GOOD, "name": "Rif", "ice": "001561191000067", "if_number": "12"},
        {**GOOD, "name": "Atlas-Négoce S.A.R.L.", "ice": synthetic_ice(5)},
        {"name": "OASIS conseil", "status": "being_created"},
        {"name": "", "legal_form": "gmbh", "status": "closed", "capital": "beaucoup"},
    ]
    path = write(tmp_path, rows)
    with pytest.raises(CommandError) as caught:
        call_command("import_companies", path)
    assert str(caught.value) == (
        "4 row(s) rejected: nothing loaded (fix them, or use --partial to load the valid rows)."
    )
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "line 3: ice: Cet ICE n'est pas valide : ses deux derniers chiffres de contrôle "
        "ne correspondent pas."
    )
    assert err[1] == "line 3: if_number: L'identifiant fiscal (IF) compte de 7 à 10 chiffres."
    assert err[2] == "line 4: name: identical to line 2 once normalised ('atlas negoc')"
    assert err[3] == (
        "line 5: name: identical to a company already in the register ('oasis conseil')"
    )
    assert [line.split(":")[0] for line in err[4:]] == ["line 6"] * 4
    assert RegisteredCompany.objects.count() == 1


def test_import_partial_loads_valid_rows(tmp_path, capsys):
    ensure_legal_forms()
    path = write(tmp_path, [{**GOOD, "city_code": ""}, {"name": "", "status": "registered"}])
    call_command("import_companies", path, "--partial")
    assert RegisteredCompany.objects.count() == 1
    assert capsys.readouterr().out == "1 companies loaded, 1 row(s) rejected.\n"


def test_generate_companies_inserts_valid_rows(capsys):
    ensure_legal_forms()
    call_command("generate_companies", "200")
    companies = list(RegisteredCompany.objects.all())
    assert len(companies) == 200
    assert len({c.ice for c in companies}) == 200
    company = companies[0]
    assert company.normalized_name and company.phonetic_key
    from companies.validators import validate_ice

    validate_ice(company.ice)
