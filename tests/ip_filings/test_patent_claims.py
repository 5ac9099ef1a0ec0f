"""Claims citing claims: the number field and the text alike, numbered as the user sees them."""

import pytest

from ip_filings.models import claim_errors
from ip_filings.models.patent import cited_claims

pytestmark = pytest.mark.django_db


def _claims(rows):
    data = {"claims-TOTAL_FORMS": len(rows), "claims-INITIAL_FORMS": 0}
    for i, (text, refers_to) in enumerate(rows):
        data[f"claims-{i}-text"] = text
        data[f"claims-{i}-refers_to"] = refers_to
    return data


def post_claims(client, filing, rows, language="fr"):
    return client.post(f"/{language}/patents/{filing.pk}/step/claims/", _claims(rows))


@pytest.mark.parametrize(
    ("text", "cited"),
    [
        ("Dispositif selon la revendication 7, caractérisé en ce que…", [7]),
        ("Procédé selon l'une des revendications 1 à 3", [1, 3]),
        ("Device according to claim 2 or 4", [2, 4]),
        ("الجهاز حسب المطالبة ٣", [3]),
        ("الجهاز وفقا للمطلب 2 أو 4", [2, 4]),
        ("Procédé en 12 étapes", []),
    ],
)
def test_cited_claims_read_in_every_language(text, cited):
    assert cited_claims(text) == cited


def test_claim_citing_a_missing_claim_in_its_text_refused_though_its_field_is_empty(
    client, entrepreneur, filing
):
    client.force_login(entrepreneur)
    response = post_claims(
        client, filing, [("Un capteur.", ""), ("Capteur selon la revendication 7.", "")]
    )
    assert response.status_code == 400
    assert response.context["form"].forms[1].errors["text"] == [
        "La revendication 2 cite dans son texte la revendication 7, qui n'existe pas."
    ]
    assert list(filing.claims.values_list("number", "refers_to")) == [(1, None), (2, 1)]


@pytest.mark.parametrize(
    ("refers_to", "message"),
    [
        ("2", "La revendication 2 ne peut renvoyer qu'à une revendication précédente."),
        ("3", "La revendication 2 ne peut renvoyer qu'à une revendication précédente."),
    ],
)
def test_claim_citing_itself_or_a_later_claim_refused(
    client, entrepreneur, filing, refers_to, message
):
    client.force_login(entrepreneur)
    response = post_claims(client, filing, [("Un.", ""), ("Deux.", refers_to), ("Trois.", "")])
    assert response.context["form"].forms[1].errors["refers_to"] == [message]


def test_errors_name_the_row_the_user_sees_when_blank_rows_come_before(
    client, entrepreneur, filing
):
    client.force_login(entrepreneur)
    response = post_claims(client, filing, [("Un.", ""), ("", ""), ("Trois.", "2")])
    assert response.context["form"].forms[2].errors["refers_to"] == [
        "La revendication 3 renvoie à la revendication 2, qui n'existe pas."
    ]


def test_references_follow_their_claims_when_blank_rows_are_dropped(client, entrepreneur, filing):
    client.force_login(entrepreneur)
    response = post_claims(
        client, filing, [("Un.", ""), ("", ""), ("Trois.", "1"), ("Quatre.", "3")]
    )
    assert response.status_code == 302
    assert list(filing.claims.values_list("number", "text", "refers_to")) == [
        (1, "Un.", None),
        (2, "Trois.", 1),
        (3, "Quatre.", 2),
    ]


def test_text_citing_a_claim_that_a_blank_row_would_renumber_is_refused(
    client, entrepreneur, filing
):
    client.force_login(entrepreneur)
    response = post_claims(
        client, filing, [("Un.", ""), ("", ""), ("Trois.", ""), ("Selon la revendication 3.", "")]
    )
    assert response.context["form"].forms[3].errors["text"] == [
        "La revendication 4 cite la revendication 3, mais une case vide la précède : sans les "
        "cases vides, elle deviendrait la revendication 2. Retirez la case vide ou corrigez le "
        "numéro."
    ]


def test_claim_error_in_arabic_is_translated(client, entrepreneur, filing):
    client.force_login(entrepreneur)
    response = post_claims(client, filing, [("Un.", ""), ("Selon la revendication 7.", "")], "ar")
    (message,) = response.context["form"].forms[1].errors["text"]
    assert "7" in message and "revendication" not in message


def test_submission_checks_the_citations_of_stored_claims():
    assert claim_errors([(1, None, "Un."), (2, None, "Selon la revendication 5.")]) == [
        "La revendication 2 cite dans son texte la revendication 5, qui n'existe pas."
    ]
