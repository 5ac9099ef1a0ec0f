import io

import pytest
from django.db import connection

from carres.enums import DossierAction
from carres.testservers import free_port
from carres.workflow import transition
from companies import register_io
from companies.models import CompanyDossier
from companies.names import normalize_name, phonetic_key
from companies.selectors import check_name, pending_dossiers_naming
from tests.factories.companies import make_company_dossier, make_registered_company


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Atlas-Innov S.A.R.L.", "atlas innov"),
        ("ATLAS  INNOV sarl au", "atlas innov"),
        ("Société Atlas Innov SA", "atlas innov"),
        ("Éléphant Café", "elephant caf"),
        ("أطلس إنوف ش م م", "اطلس انوف"),
        ("مَدرسة", "مدرس"),
        ("SARL", "sarl"),  # a name made only of form words keeps them
    ],
)
def test_normalize_name_ignores_case_accents_punctuation_and_form_words(name, key):
    assert normalize_name(name) == key


def test_phonetic_key_meets_across_spellings_and_scripts():
    assert phonetic_key("Atlas Innov") == phonetic_key("Atlass Inove") == "tls nf"
    assert phonetic_key("أطلس إنوف") == "tls nf"


@pytest.mark.django_db
def test_check_name_identical_to_register_is_unavailable_and_explained():
    make_registered_company("Atlas Innov")
    check = check_name("atlas-innov SARL")
    assert check.verdict == "unavailable"
    assert check.explanation == (
        "Indisponible : « Atlas Innov » figure déjà au registre des entreprises ; les majuscules, "
        "accents, signes et mots comme SARL ou SA ne distinguent pas deux dénominations."
    )


@pytest.mark.django_db
def test_check_name_close_to_register_is_risky_with_similar_names():
    make_registered_company("Atlas Innovation")
    make_registered_company("Sahara Solar")
    check = check_name("Atlas Inovation")
    assert (check.verdict, check.similar) == ("risky", ["Atlas Innovation"])


@pytest.mark.django_db
def test_close_names_are_cached_until_the_register_changes(django_assert_num_queries):
    make_registered_company("Sahara Solar")
    assert check_name("Atlas Inovation").similar == []
    with django_assert_num_queries(3):  # the identity checks only: register, reservation, dossier
        assert check_name("Atlas Inovation").similar == []
    make_registered_company("Atlas Innovation")  # a save forgets every cached list
    assert check_name("Atlas Inovation").similar == ["Atlas Innovation"]
    report = register_io.import_register(
        io.StringIO(
            register_io.csv_text([{"name": "Atlas Innovationz", "status": "being_created"}])
        )
    )  # and so does a bulk import, which sends no signal
    assert (report.loaded, report.rejected) == (1, [])
    assert check_name("Atlas Inovation").similar == ["Atlas Innovation", "Atlas Innovationz"]


@pytest.mark.django_db
def test_close_names_are_found_without_redis(settings):
    make_registered_company("Atlas Innovation")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/1",  # nobody listens,
        }
    }
    assert check_name("Atlas Inovation").similar == ["Atlas Innovation"]
    make_registered_company("Atlas Innovationz")  # the signal does not fail either


@pytest.mark.django_db
def test_pending_names_are_looked_up_through_their_partial_index(entrepreneur):
    """With many dossiers the planner must take the partial index (its condition and the
    query's agree), not read every dossier: what it did with an index on all of them."""
    CompanyDossier.objects.bulk_create(
        CompanyDossier(
            owner=entrepreneur,
            status=("draft", "submitted", "accepted")[n % 3],
            reference=f"TEST-{n}" if n % 3 else None,
            name_keys=[f"societe {n}"],
        )
        for n in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE companies_companydossier")
    plan = pending_dossiers_naming("societe 7")[:1].explain()
    assert "company_dossier_pending_names" in plan


@pytest.mark.django_db
def test_check_name_sounding_alike_is_risky():
    make_registered_company("Kawtar Consulting")
    assert check_name("Kaoutar Consulting").similar == ["Kawtar Consulting"]


@pytest.mark.django_db
def test_check_name_far_from_everything_is_available():
    make_registered_company("Sahara Solar")
    check = check_name("Argan Numérique")
    assert (check.verdict, check.similar) == ("available", [])


@pytest.mark.django_db
def test_check_name_struck_off_company_frees_the_name():
    make_registered_company("Atlas Innov", status="struck_off")
    assert check_name("Atlas Innov").verdict == "available"


@pytest.mark.django_db
def test_check_name_pending_dossier_is_unavailable_except_for_itself(entrepreneur, outsider):
    dossier = make_company_dossier(entrepreneur, name_1="Medina Design")
    transition(dossier, DossierAction.SUBMIT, actor=entrepreneur)
    assert check_name("MEDINA design").verdict == "unavailable"
    assert check_name("Medina Design", exclude_dossier=dossier).verdict == "available"


@pytest.mark.django_db
def test_check_name_draft_of_someone_else_does_not_block(entrepreneur):
    make_company_dossier(entrepreneur, name_1="Medina Design")
    assert check_name("Medina Design").verdict == "available"


@pytest.mark.django_db
def test_check_name_uses_one_query_per_source(django_assert_num_queries):
    make_registered_company("Atlas Innovation")
    # register, reservations, pending dossiers, then in a savepoint (the test's transaction
    # is open) the trigram threshold and the similar names
    with django_assert_num_queries(7):
        check_name("Atlas Inovation")


@pytest.mark.django_db
def test_live_check_partial_renders_verdict(client, entrepreneur):
    dossier = make_company_dossier(entrepreneur)
    make_registered_company("Oasis Conseil")
    client.force_login(entrepreneur)
    response = client.get(
        f"/fr/companies/{dossier.pk}/check-name/", {"field": "name_2", "name_2": "oasis conseil"}
    )
    assert response.status_code == 200
    assert 'data-verdict="unavailable"' in response.content.decode()
    assert "<html" not in response.content.decode()


@pytest.mark.django_db
def test_check_name_sharing_only_a_generic_word_is_available():
    make_registered_company("Karimo Distribution")
    check = check_name("Zelunta Distribution")
    assert (check.verdict, check.similar) == ("available", [])


def test_distinctive_name_drops_generic_words_unless_nothing_is_left():
    from companies.names import distinctive_name

    assert distinctive_name("Atlas Conseils et Services SARL") == "atlas"
    assert distinctive_name("Distribution Services") == "distribution services"
