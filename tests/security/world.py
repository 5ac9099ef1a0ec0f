"""A small world for attack tests: a victim who owns one of everything, and the people around.

Every private text the victim typed carries a marker (see `PERSONAL`), so a test can assert that
a response shown to someone else does not contain it.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.enums import Office, Role
from carres.enums import DocumentKind, DossierAction, ScanStatus
from carres.models import (
    Attachment,
    GeneratedDocument,
    OfficeReviewTarget,
    OpinionRequest,
    RoutingRule,
)
from carres.workflow import transition
from tests.factories import chambers as chamber_factories
from tests.factories.accounts import make_user
from tests.factories.companies import make_company_dossier
from tests.factories.ip_filings import make_filing, make_tariff, png_bytes
from tests.factories.patents import make_patent_filing
from tests.factories.trainings import make_caravan, make_registration, make_session

PDF = b"%PDF-1.4\n%%EOF\n"
TOTP_SECRET = "JBSWY3DPEHPK3PXPCARRESTEST23456"

# What only the victim (and the staff in charge) may read.
VICTIM_EMAIL = "victime.zephyrine@example.ma"
PERSONAL = (
    VICTIM_EMAIL,
    "Zéphyrine",  # first name
    "Quetzalcoatl",  # last name
    "Zorglub Atlas",  # company name
    "Xylomarque",  # trademark text
    "Hygromètre Krakatoa",  # patent title
    "Message confidentiel Wombat",  # support request and dossier messages
    "ZORGLUB-SECRET.pdf",  # attachment name
)


@dataclass
class World:
    people: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)
    references: tuple = ()

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def _staff(email, **fields):
    user = make_user(email, **fields)
    TOTP.activate(user, TOTP_SECRET)
    return user


def _file(instance_field, name, content=PDF):
    instance_field.save(name, ContentFile(content), save=False)


def _clean_pdf_attachment(dossier, owner):
    """The victim's secret PDF on `dossier`, checked and released: only then downloadable."""
    attachment = Attachment(
        dossier=dossier,
        original_name="ZORGLUB-SECRET.pdf",
        mime_type="application/pdf",
        size=len(PDF),
        uploaded_by=owner,
        scan_status=ScanStatus.CLEAN,
    )
    _file(attachment.file, "x.pdf")
    attachment.save()
    return attachment


def build_world():
    """Create the world (call inside a transaction that is rolled back afterwards)."""
    w = World()
    make_tariff()
    souss = chamber_factories.chamber("ccis-souss-massa")
    casa = chamber_factories.chamber("ccis-casablanca-settat")

    victim = make_user(VICTIM_EMAIL, first_name="Zéphyrine", last_name="Quetzalcoatl")
    w.people = {
        "owner": victim,
        "intruder": make_user("intrus@example.ma", first_name="Ivan", last_name="Intrus"),
        "examiner:ompic": _staff("examinateur@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC),
        "examiner:inpi": _staff("examinateur@inpi.fr", role=Role.EXAMINER, office=Office.INPI),
        "superuser": _staff("admin@carres.ma", role=Role.ADMINISTRATOR, is_superuser=True),
    }
    for chamber, email, manager in (
        (souss, "conseil@ccis-souss.ma", True),
        (casa, "conseil@ccis-casa.ma", False),
    ):
        advisor = chamber_factories.make_advisor(email, chamber, is_manager=manager)
        TOTP.activate(advisor, TOTP_SECRET)
        w.people[f"advisor:{chamber.slug}"] = advisor
    ompic = w.people["examiner:ompic"]
    inpi = w.people["examiner:inpi"]
    o = w.objects
    o["souss"], o["casa"] = souss, casa

    # --- company creation: an accepted dossier (OMPIC) and a draft ------------------------
    company = make_company_dossier(victim, name_1="Zorglub Atlas", name_2="Zorglub Atlas Maroc")
    transition(company, DossierAction.SUBMIT, actor=victim)
    transition(company, DossierAction.TAKE, actor=ompic)
    transition(company, DossierAction.ACCEPT, actor=ompic)
    company.refresh_from_db()
    o["company"] = company
    o["company_draft"] = make_company_dossier(
        victim, name_1="Zorglub Atlas Brouillon", name_2="Zorglub Atlas Bis"
    )
    reservation = company.reservations.get()
    _file(reservation.certificate, "certificat.pdf")
    reservation.save()
    o["registered_company"] = company.company
    attachment = _clean_pdf_attachment(company, victim)
    o["attachment"] = attachment
    from accounts.models import IdentityDocumentDownload

    o["identity_download"] = IdentityDocumentDownload.objects.create(
        owner=victim,
        downloaded_by=victim,
        downloader_role=victim.role,
        attachment=attachment,
        file_name=attachment.original_name,
        dossier_label=str(company)[:200],
        ip_address="192.0.2.7",
    )
    draft_attachment = _clean_pdf_attachment(o["company_draft"], victim)
    o["draft_attachment"] = draft_attachment
    document = GeneratedDocument(
        content_type=ContentType.objects.get_for_model(company),
        object_id=company.pk,
        kind=DocumentKind.DOSSIER_PDF,
        state=company.status,
        language="fr",
        sha256="0" * 64,
        size=len(PDF),
    )
    _file(document.file, "dossier.pdf")
    document.save()
    o["document"] = document

    # --- trademark: submitted (OMPIC, taken by the examiner) with a logo; a draft -----------
    trademark = make_filing(victim, mark_text="Xylomarque", applicant_name="Zéphyrine Quetzalcoatl")
    _file(trademark.logo, "logo.png", png_bytes())
    trademark.logo_mime = "image/png"
    trademark.save()
    from ip_filings.services.trademark import submit_trademark_filing

    submit_trademark_filing(trademark, actor=victim)
    transition(trademark, DossierAction.TAKE, actor=ompic)
    trademark.refresh_from_db()
    o["trademark"] = trademark
    o["trademark_draft"] = make_filing(victim, mark_text="Xylomarque Brouillon")

    # --- patent: submitted and routed to INPI; a draft with a drawing ---------------------
    rule = RoutingRule.objects.create(order=1, dossier_kind="PT", office=Office.INPI)
    patent = make_patent_filing(victim, invention_title="Hygromètre Krakatoa")
    transition(patent, DossierAction.SUBMIT, actor=victim)
    rule.delete()
    transition(patent, DossierAction.TAKE, actor=inpi)
    patent.refresh_from_db()
    o["patent"] = patent
    patent_draft = make_patent_filing(victim, invention_title="Hygromètre Krakatoa Brouillon")
    drawing = _clean_pdf_attachment(patent_draft, victim)
    o["patent_draft"], o["patent_drawing"] = patent_draft, drawing
    o["intruder_patent_draft"] = make_patent_filing(w.people["intruder"])

    from carres.services import post_message

    for dossier in (company, trademark, patent):
        post_message(dossier, actor=victim, body="Message confidentiel Wombat")

    # --- a colleague of the OMPIC examiner asks their opinion on the trademark -------------
    from carres.workspace import request_opinion

    asker = _staff("examinatrice2@ompic.ma", role=Role.EXAMINER, office=Office.OMPIC)
    request_opinion(trademark, actor=asker, colleague=ompic, comment="Avis sur Xylomarque ?")
    o["opinion_request"] = OpinionRequest.objects.get(object_id=trademark.pk)

    # --- a trademark watch -----------------------------------------------------------------
    from ip_filings.services.trademark import create_mark_watch

    o["watch"] = create_mark_watch(user=victim, text="Xylomarque", classes=[25], threshold=0.7)

    # --- a support request to the CCIS Souss-Massa, taken by its advisor --------------------
    from chambers import services as chamber_services

    support_request = chamber_factories.make_request(
        victim, region_code="09", message="Message confidentiel Wombat"
    )
    chamber_services.take_request(support_request, actor=w.people["advisor:ccis-souss-massa"])
    support_request.refresh_from_db()
    o["support_request"] = support_request

    # --- a training at the CCIS Casablanca-Settat: the victim attended and rated it ---------
    from trainings.models import Feedback

    session = make_session(
        starts_in=timedelta(days=-2),
        signup_deadline=timezone.now() - timedelta(days=3),
        chamber=casa,
        caravan=make_caravan(),
    )
    registration = make_registration(session, victim, status="attended")
    Feedback.objects.create(
        registration=registration, rating=5, comment="Message confidentiel Wombat"
    )
    o["session"], o["registration"] = session, registration
    o["upcoming_session"] = make_session(chamber=casa)
    o["training"], o["caravan"] = session.training, session.caravan
    o["feedback"] = registration.feedback

    # --- reference data and accounts, for the admin ----------------------------------------
    from chambers.models import Advisor, City, Province, Region, Venue
    from chambers.models import RoutingRule as ChamberRoutingRule
    from companies.models import ActivityCode, LegalForm
    from ip_filings.models import (
        DiagnosticChoice,
        DiagnosticQuestion,
        GenericWord,
        NiceClass,
        NiceTerm,
        PatentKind,
        Recommendation,
        RegisteredMark,
        Tariff,
    )
    from tests.factories.ip_filings import make_mark, make_nice_class, make_term

    o["region"] = Region.objects.get(code="09")
    o["province"] = Province.objects.filter(region=o["region"]).first()
    o["city"] = City.objects.filter(region=o["region"]).first()
    o["venue"] = Venue.objects.filter(chamber=souss).first()
    from chambers.models import Partner

    o["partner"] = Partner.objects.create(
        name="Bureau de transfert de technologie (monde)",
        kind="tech_transfer",
        region=o["region"],
        city=o["city"],
        is_relay=True,
        services=["patent"],
        languages=["fr"],
    )
    o["chamber_routing_rule"] = ChamberRoutingRule.objects.create(
        region=o["region"], topic="trademark", chamber=souss
    )
    o["advisor"] = Advisor.objects.get(user=w.people["advisor:ccis-souss-massa"])
    o["legal_form"] = LegalForm.objects.get(code="sarl")
    o["activity_code"] = ActivityCode.objects.first()
    o["routing_rule"] = RoutingRule.objects.create(
        order=99, dossier_kind="PT", office=Office.INPI, is_active=False
    )
    # Made by carres' migration 0008 (thirty days per office), unless a transactional test
    # emptied the tables since.
    o["office_review_target"], _created = OfficeReviewTarget.objects.get_or_create(
        office=Office.INPI, defaults={"target_days": 30}
    )
    nice_class = NiceClass.objects.filter(number=25).first() or make_nice_class(25, "Vêtements")
    o["nice_class"] = nice_class
    o["nice_term"] = NiceTerm.objects.filter(nice_class=nice_class).first() or make_term(
        nice_class, "chemises"
    )
    o["registered_mark"] = RegisteredMark.objects.first() or make_mark("Marque Publique")
    o["tariff"] = Tariff.objects.first()
    o["generic_word"] = GenericWord.objects.first() or GenericWord.objects.create(word="Maroc")
    o["patent_kind"] = PatentKind.objects.first()
    o["diagnostic_question"] = (
        DiagnosticQuestion.objects.first()
        or DiagnosticQuestion.objects.create(code="q-test", text="Question ?")
    )
    o["diagnostic_choice"] = DiagnosticChoice.objects.first() or DiagnosticChoice.objects.create(
        question=o["diagnostic_question"], code="c-test", label="Choix"
    )
    o["recommendation"] = Recommendation.objects.first() or Recommendation.objects.create(
        code="r-test", title="Recommandation"
    )
    o["user"] = victim
    o["email_address"] = victim.emailaddress_set.get()
    o["group"] = Group.objects.create(name="Groupe de test")
    o["authenticator"] = ompic.authenticator_set.get()

    w.references = tuple(
        dossier.reference for dossier in (company, trademark, patent) if dossier.reference
    )
    return w
