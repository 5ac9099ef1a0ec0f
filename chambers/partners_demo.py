"""The demo's support network: partners in most regions, and one relay rule (a researcher's
patent in Souss-Massa goes to Ibn Zohr University's technology-transfer office)."""

from chambers.enums import PartnerKind, Topic
from chambers.models import Chamber, City, Partner, RoutingRule

T = Topic
PARTNERS = [
    # name fr, name ar, name en, kind, city, relay, services, languages, contact, e-mail
    (
        "Université Ibn Zohr — Bureau de transfert de technologie",
        "جامعة ابن زهر — مكتب نقل التكنولوجيا",
        "Ibn Zohr University — Technology Transfer Office",
        PartnerKind.TECH_TRANSFER,
        "Agadir",
        True,
        [T.PATENT, T.TRADEMARK, T.INNOVATION_FINANCING],
        ["fr", "ar", "en"],
        "Dr Amina Ouhssain",
        "transfert.uiz@demo.ma",
    ),
    (
        "Technopark d'Agadir",
        "تكنوبارك أكادير",
        "Agadir Technopark",
        PartnerKind.TECHNOPARK,
        "Agadir",
        False,
        [T.COMPANY_CREATION, T.INNOVATION_FINANCING],
        ["fr", "ar"],
        "",
        "agadir@technopark.demo.ma",
    ),
    (
        "Université Mohammed V — Cité de l'innovation",
        "جامعة محمد الخامس — مدينة الابتكار",
        "Mohammed V University — Innovation City",
        PartnerKind.TECH_TRANSFER,
        "Rabat",
        True,
        [T.PATENT, T.INNOVATION_FINANCING],
        ["fr", "ar", "en"],
        "Pr Youssef Bennis",
        "innovation.um5@demo.ma",
    ),
    (
        "Technopark de Rabat",
        "تكنوبارك الرباط",
        "Rabat Technopark",
        PartnerKind.TECHNOPARK,
        "Rabat",
        False,
        [T.COMPANY_CREATION, T.TRADEMARK],
        ["fr", "ar", "en"],
        "",
        "rabat@technopark.demo.ma",
    ),
    (
        "Technopark de Casablanca",
        "تكنوبارك الدار البيضاء",
        "Casablanca Technopark",
        PartnerKind.TECHNOPARK,
        "Casablanca",
        False,
        [T.COMPANY_CREATION, T.TRADEMARK, T.EXPORT_AFRICA],
        ["fr", "ar", "en"],
        "",
        "casablanca@technopark.demo.ma",
    ),
    (
        "Université Cadi Ayyad — Cité de l'innovation",
        "جامعة القاضي عياض — مدينة الابتكار",
        "Cadi Ayyad University — Innovation City",
        PartnerKind.TECH_TRANSFER,
        "Marrakech",
        True,
        [T.PATENT, T.ANTI_COUNTERFEITING],
        ["fr", "ar"],
        "Dr Hicham Lahlou",
        "innovation.uca@demo.ma",
    ),
    (
        "Incubateur de l'Université Abdelmalek Essaâdi",
        "حاضنة جامعة عبد المالك السعدي",
        "Abdelmalek Essaâdi University Incubator",
        PartnerKind.INCUBATOR,
        "Tétouan",
        False,
        [T.COMPANY_CREATION, T.PATENT],
        ["fr", "ar", "en"],
        "",
        "incubateur.uae@demo.ma",
    ),
    (
        "Technopark de Tanger",
        "تكنوبارك طنجة",
        "Tangier Technopark",
        PartnerKind.TECHNOPARK,
        "Tanger",
        False,
        [T.COMPANY_CREATION, T.EXPORT_AFRICA],
        ["fr", "ar", "en"],
        "",
        "tanger@technopark.demo.ma",
    ),
    (
        "Université Sidi Mohamed Ben Abdellah — Bureau de transfert",
        "جامعة سيدي محمد بن عبد الله — مكتب نقل التكنولوجيا",
        "Sidi Mohamed Ben Abdellah University — Transfer Office",
        PartnerKind.TECH_TRANSFER,
        "Fès",
        True,
        [T.PATENT],
        ["fr", "ar"],
        "Dr Salma Tazi",
        "transfert.usmba@demo.ma",
    ),
    (
        "Incubateur de l'Oriental",
        "حاضنة الشرق",
        "Oriental Incubator",
        PartnerKind.INCUBATOR,
        "Oujda",
        False,
        [T.COMPANY_CREATION, T.INNOVATION_FINANCING],
        ["fr", "ar"],
        "",
        "incubateur.oriental@demo.ma",
    ),
    (
        "Relais PI de Ouarzazate",
        "نقطة ارتكاز الملكية الصناعية بورزازات",
        "Ouarzazate IP relay",
        PartnerKind.RELAY,
        "Ouarzazate",
        True,
        [T.TRADEMARK, T.ANTI_COUNTERFEITING],
        ["ar", "fr"],
        "Mme Fatima Ait Ali",
        "relais.ouarzazate@demo.ma",
    ),
    (
        "Technopole de Dakhla",
        "تكنوبول الداخلة",
        "Dakhla Technopole",
        PartnerKind.INCUBATOR,
        "Dakhla",
        False,
        [T.COMPANY_CREATION, T.EXPORT_AFRICA],
        ["ar", "fr", "en"],
        "",
        "technopole.dakhla@demo.ma",
    ),
]


def seed_partners():
    """Create or refresh the demo partners and the relay rule; returns how many partners."""
    for (
        name_fr,
        name_ar,
        name_en,
        kind,
        town,
        relay,
        services,
        languages,
        contact,
        email,
    ) in PARTNERS:
        city = City.objects.filter(name_fr=town).select_related("region").first()
        if city is None:
            continue
        Partner.objects.update_or_create(
            name_fr=name_fr,
            region=city.region,
            defaults={
                "name": name_fr,
                "name_ar": name_ar,
                "name_en": name_en,
                "kind": kind,
                "city": city,
                "is_relay": relay,
                "services": [str(s) for s in services],
                "languages": languages,
                "contact_name": contact,
                "email": email,
                "is_active": True,
            },
        )
    tto = Partner.objects.filter(name_fr=PARTNERS[0][0]).first()
    souss = Chamber.objects.filter(slug="ccis-souss-massa").first()
    if tto is not None and souss is not None:
        RoutingRule.objects.update_or_create(
            region=tto.region, topic=Topic.PATENT, defaults={"chamber": souss, "relay": tto}
        )
    return Partner.objects.count()
