"""Demo trainings: a catalogue, the IP caravan's stops, and Salma's past and upcoming sign-ups."""

import datetime

from django.utils import timezone

from accounts.models import User
from chambers.models import Chamber, Venue
from trainings.models import Caravan, Registration, Training, TrainingSession

TRAININGS = [
    # title fr / ar / en, theme, audience, hours, language
    (
        ("Protéger sa marque", "حماية علامتك التجارية", "Protecting your trademark"),
        "trademarks",
        "startups",
        3,
        "fr",
    ),
    (
        ("Le brevet pour les chercheurs", "البراءة للباحثين", "Patents for researchers"),
        "patents",
        "students_researchers",
        6,
        "fr",
    ),
    (
        ("Financer son innovation", "تمويل ابتكارك", "Financing your innovation"),
        "innovation_financing",
        "smes",
        3,
        "ar",
    ),
    (
        ("Lutter contre la contrefaçon", "مكافحة التزييف", "Fighting counterfeiting"),
        "anti_counterfeiting",
        "ip_professionals",
        4,
        "fr",
    ),
]

DESCRIPTIONS = {
    "fr": "Une demi-journée pratique avec un expert de l'OMPIC et de l'INPI.",
    "ar": "نصف يوم تطبيقي مع خبير من المكتب المغربي للملكية الصناعية والتجارية والمعهد الوطني الفرنسي للملكية الصناعية.",
    "en": "A practical half-day with an expert from OMPIC and INPI.",
}


def seed_demo(stdout):
    trainings = []
    for (fr, ar, en), theme, audience, hours, language in TRAININGS:
        training, _ = Training.objects.update_or_create(
            title_fr=fr,
            defaults={
                "title_ar": ar,
                "title_en": en,
                "description_fr": DESCRIPTIONS["fr"],
                "description_ar": DESCRIPTIONS["ar"],
                "description_en": DESCRIPTIONS["en"],
                "theme": theme,
                "audience": audience,
                "duration_hours": hours,
                "language": language,
            },
        )
        trainings.append(training)
    caravan, _ = Caravan.objects.update_or_create(
        name_fr="Caravane de la propriété industrielle 2026",
        defaults={
            "name_ar": "قافلة الملكية الصناعية 2026",
            "name_en": "Industrial property caravan 2026",
            "description_fr": "La caravane OMPIC–INPI fait étape dans les régions.",
            "description_ar": "تحط قافلة المكتب والمعهد رحالها في الجهات.",
            "description_en": "The OMPIC–INPI caravan stops in the regions.",
        },
    )
    if TrainingSession.objects.exists():
        stdout.write("Trainings: demo sessions already there.")
        return

    today = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0)
    stops = [
        # chamber slug, days from today, training index, capacity
        ("ccis-souss-massa", 3, 0, 25),
        ("ccis-casablanca-settat", 12, 0, 40),
        ("ccis-tanger-tetouan-al-hoceima", 20, 1, 30),
        ("ccis-oriental", 28, 2, 20),
        ("ccis-marrakech-safi", 35, 3, 2),
    ]
    for slug, days, index, capacity in stops:
        chamber = Chamber.objects.get(slug=slug)
        venue = (
            Venue.objects.filter(chamber=chamber).first()
            or Venue.objects.filter(region=chamber.region).first()
        )
        starts_at = today + datetime.timedelta(days=days)
        TrainingSession.objects.create(
            training=trainings[index],
            caravan=caravan,
            chamber=chamber,
            venue=venue,
            city=venue.city if venue else chamber.city,
            region=chamber.region,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=3),
            signup_deadline=starts_at - datetime.timedelta(days=1),
            capacity=capacity,
        )
    souss = Chamber.objects.get(slug="ccis-souss-massa")
    online_start = today + datetime.timedelta(days=8, hours=5)
    TrainingSession.objects.create(
        training=trainings[2],
        chamber=Chamber.objects.get(slug="fcmcis"),
        online_url="https://meet.example.ma/financer-innovation",
        region=souss.region,
        starts_at=online_start,
        ends_at=online_start + datetime.timedelta(hours=2),
        signup_deadline=online_start - datetime.timedelta(hours=2),
        capacity=100,
    )
    # A session that already took place in Agadir, where Salma was present.
    venue = Venue.objects.filter(chamber=souss).first()
    past_start = today - datetime.timedelta(days=14)
    past = TrainingSession.objects.create(
        training=trainings[0],
        chamber=souss,
        venue=venue,
        city=venue.city if venue else souss.city,
        region=souss.region,
        starts_at=past_start,
        ends_at=past_start + datetime.timedelta(hours=3),
        signup_deadline=past_start - datetime.timedelta(days=1),
        capacity=30,
    )
    salma = User.objects.filter(email="entrepreneur@demo.ma").first()
    rachid = User.objects.filter(email="rachid@demo.ma").first()
    if salma:
        Registration.objects.create(
            session=past,
            user=salma,
            status="attended",
            queued_at=past_start - datetime.timedelta(days=5),
            attended_at=past_start,
        )
    if rachid:
        Registration.objects.create(
            session=past,
            user=rachid,
            status="attended",
            queued_at=past_start - datetime.timedelta(days=4),
            attended_at=past_start,
        )
    stdout.write("Trainings: demo catalogue, caravan and sign-ups created.")
