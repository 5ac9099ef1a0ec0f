"""Demo trademark filings: a draft, a submitted one (on which an examiner asks a colleague's
opinion) and an accepted one (idempotent)."""

from accounts.models import User
from carres.enums import DossierAction
from carres.workflow import transition
from carres.workspace import request_opinion
from ip_filings.services.trademark import (
    accept_trademark_filing,
    attach_prior_search,
    create_trademark_filing,
    set_filing_classes,
    submit_trademark_filing,
)

DEMO_FILINGS = [
    ("Nour Argan", "نور أركان", {3: "savons ; huiles cosmétiques"}, "draft"),
    ("Bahja", "بهجة", {30: "café ; thé ; pâtisserie", 43: "services de restauration"}, "submitted"),
    ("Zellige Studio", "", {20: "meubles", 35: "vente au détail de meubles"}, "accepted"),
]


def seed_trademark_filings(stdout):
    owner = User.objects.filter(email="entrepreneur@demo.ma").first()
    examiner = User.objects.filter(email="examiner.ompic@demo.ma").first()
    colleague = User.objects.filter(email="examiner2.ompic@demo.ma").first()
    if owner is None or examiner is None:
        return
    created = 0
    for text, transliteration, classes, state in DEMO_FILINGS:
        if owner.ip_filings_trademarkfiling_owned.filter(mark_text=text).exists():
            continue
        filing = create_trademark_filing(
            owner=owner,
            data={"mark_type": "word", "mark_text": text, "transliteration": transliteration},
        )
        filing.applicant_address = "12 boulevard Zerktouni, Casablanca"
        filing.save(update_fields=["applicant_address"])
        filing = set_filing_classes(
            filing, actor=owner, classes={n: (t, []) for n, t in classes.items()}
        )
        filing = attach_prior_search(filing, actor=owner)
        if state != "draft":
            submit_trademark_filing(filing, actor=owner)
        if state == "submitted" and colleague is not None:
            # Issue 19: the colleague (in Arabic) finds a request for an opinion to answer.
            request_opinion(
                filing,
                actor=examiner,
                colleague=colleague,
                comment="Risque de confusion avec la marque « Bahia » en classe 30 ?",
            )
        if state == "accepted":
            transition(filing, DossierAction.TAKE, actor=examiner)
            accept_trademark_filing(filing, actor=examiner)
        created += 1
    stdout.write(f"Trademark filings: {created} created.")
