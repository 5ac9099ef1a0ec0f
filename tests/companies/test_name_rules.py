"""Names that cannot mislead: endings folded, a distinctive word required, one message per field."""

import importlib

import pytest
from django.apps import apps

from carres.endings import fold_endings
from companies.models import RegisteredCompany
from companies.names import normalize_name
from companies.selectors import check_name, check_names
from tests.factories.companies import make_company_dossier, make_registered_company

ENDINGS = (
    "Indisponible : « Atlas Digital » figure déjà au registre des entreprises ; « Atlas Digitale » "
    "n'en diffère que par des terminaisons (pluriel, féminin), qui ne distinguent pas deux "
    "dénominations."
)
NOT_DISTINCTIVE = (
    "Indisponible : une dénomination doit contenir au moins un mot distinctif ; une forme "
    "juridique (SARL, SA…), un article ou une lettre seule ne suffisent pas."
)
MARKUP = "Indisponible : une dénomination ne peut pas contenir de balises ni les signes < et >."


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Atlas Digitale", "Atlas Digital"),
        ("ATLAS DIGITAUX", "atlas-digital"),
        ("Atlas Digitales SARL", "Société Atlas Digital"),
        ("Les Nouvelles Oasis", "Les nouvel oasis"),
        ("Atlass Services", "Atlas Service"),
        ("أَطلس الرقمية", "اطلس الرقمي"),  # vowel mark, hamza seat, ta marbuta
        ("خدمات أطلس", "خدمة اطلس"),  # Arabic plural and singular
    ],
)
def test_normalize_name_folds_plural_and_feminine_endings(one, other):
    assert normalize_name(one) == normalize_name(other)


@pytest.mark.parametrize(("one", "other"), [("Atlas", "Atla"), ("Paris Food", "Pari Food")])
def test_an_s_after_a_vowel_belongs_to_the_word(one, other):
    assert normalize_name(one) != normalize_name(other)


def test_fold_endings_keeps_short_words_and_numbers():
    assert fold_endings("les as 2000s nouveaux bureaux") == "les as 2000s nouveau bureau"


@pytest.mark.django_db
def test_name_differing_only_by_an_ending_is_unavailable_with_the_reason():
    make_registered_company("Atlas Digital")
    check = check_name("Atlas Digitale")
    assert (check.verdict, check.explanation) == ("unavailable", ENDINGS)


@pytest.mark.django_db
def test_arabic_name_differing_by_variants_and_ending_is_unavailable():
    make_registered_company("أطلس الرقمي")
    check = check_name("أَطلس الرقمية ش.م.م")
    assert check.verdict == "unavailable"
    assert check.explanation.startswith("Indisponible : « أطلس الرقمي » figure déjà au registre")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("SARL", NOT_DISTINCTIVE),
        ("S.A.R.L.", NOT_DISTINCTIVE),
        ("Société Anonyme SA", None),  # "anonyme" is a word of its own
        ("A", NOT_DISTINCTIVE),
        ("La SAS", NOT_DISTINCTIVE),
        ("ش.م.م", NOT_DISTINCTIVE),
        ("<script>x</script>", MARKUP),
        ("Atlas <b>", MARKUP),
    ],
)
def test_name_without_a_distinctive_word_or_with_markup_is_refused(name, reason):
    check = check_name(name)
    if reason is None:
        assert check.verdict == "available"
    else:
        assert (check.verdict, check.explanation) == ("unavailable", reason)


@pytest.mark.django_db
def test_a_name_repeating_an_earlier_choice_is_refused_once_naming_that_choice():
    checks = check_names(["Zelunta Digital", "", "zelunta-digitales"])
    assert [check.verdict for check in checks] == ["available", "unavailable"]
    assert checks[1].explanation.startswith(
        "Indisponible : c'est la même dénomination que votre choix n° 1"
    )


@pytest.mark.django_db
def test_names_step_says_each_reason_once_and_never_available_beside_an_error(client, entrepreneur):
    make_registered_company("Atlas Digital")
    dossier = make_company_dossier(entrepreneur, name_1="Sahara Solar")
    client.force_login(entrepreneur)
    response = client.post(
        f"/fr/companies/{dossier.pk}/step/names/",
        {
            "name_1": "Atlas Digitale",
            "name_2": "Zelunta Digital",
            "name_3": "ZELUNTA DIGITALES",
            "check": "",
            "lock_version": dossier.lock_version,
        },
    )
    page = response.content.decode()
    assert page.count("n&#x27;en diffère que par des terminaisons") == 1
    assert page.count("même dénomination que votre choix n° 2") == 1
    assert page.count("Disponible :") == 1  # name_2 only
    assert "Proposez des dénominations différentes" not in page
    rows = {
        field.name: (list(field.errors), verdict)
        for field, verdict in response.context["name_rows"]
    }
    assert rows["name_1"][0] == [ENDINGS]
    assert rows["name_2"][1].verdict == "available"
    assert rows["name_3"][1].verdict == "unavailable"


@pytest.mark.django_db
def test_live_check_compares_with_the_other_choices(client, entrepreneur):
    dossier = make_company_dossier(entrepreneur)
    client.force_login(entrepreneur)
    response = client.get(
        f"/fr/companies/{dossier.pk}/check-name/",
        {
            "field": "name_2",
            "name_1": "Zelunta Digital",
            "name_2": "Zelunta Digitale",
            "name_3": "",
        },
    )
    page = response.content.decode()
    assert 'data-verdict="unavailable"' in page
    assert "votre choix n° 1" in page


@pytest.mark.django_db
def test_live_check_in_arabic_is_translated(client, entrepreneur):
    dossier = make_company_dossier(entrepreneur)
    client.force_login(entrepreneur)
    response = client.get(
        f"/ar/companies/{dossier.pk}/check-name/", {"field": "name_1", "name_1": "SARL"}
    )
    page = response.content.decode()
    assert 'data-verdict="unavailable"' in page
    assert "Indisponible" not in page


@pytest.mark.django_db
def test_migration_computes_the_register_keys_again():
    company = make_registered_company("Atlas Digitale")
    RegisteredCompany.objects.filter(pk=company.pk).update(normalized_name="atlas digitale")
    migration = importlib.import_module("companies.migrations.0010_name_keys_fold_endings")
    migration.refold(apps, None)
    company.refresh_from_db()
    assert company.normalized_name == "atlas digital"
