"""The rows of one dossier of each kind, with the timeline, PDF and notification the
workflow would have left: company creation, trademark and patent, in any state."""

from datetime import timedelta

from bench.data.workflow import paths_to_every_state

FIRST_NAMES = ["Salma", "Youssef", "Amina", "Karim", "Nadia", "Omar", "Leila", "Hamza", "Sara"]
LAST_NAMES = ["Bennani", "Alaoui", "Tazi", "El Amrani", "Idrissi", "Berrada", "Chraibi", "Fassi"]
BRANDS = ["Atlas", "Argan", "Zitoun", "Nour", "Sahara", "Menara", "Oasis", "Kasbah", "Yasmine"]
REASON = "Merci de préciser la liste des produits."  # of the steps that need one
# The state of the dossier's current PDF (one is made on submit and on each decision),
# and the notification sent with it (carres.notifications).
PDF_STATE = {
    "submitted": "submitted",
    "in_review": "submitted",
    "changes_requested": "changes_requested",
    "accepted": "accepted",
    "rejected": "rejected",
}
VERB = {
    "submitted": "submission_received",
    "changes_requested": "changes_requested",
    "accepted": "accepted",
    "rejected": "rejected",
}


class Dossiers:
    """Appends the rows of dossiers to `rows` ({COPY plan key: [row, ...]}), ids from `copier`."""

    def __init__(self, copier, rows, *, now):
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection

        from accounts.models import User
        from carres.enums import DECIDED_STATUSES
        from carres.workflow import EXAMINER
        from chambers.models import City
        from companies.models import ActivityCode, CompanyDossier
        from ip_filings.models import PatentFiling, PatentKind, TrademarkFiling

        self.copier, self.rows = copier, rows
        self.paths = paths_to_every_state()
        self.examiner_step, self.decided = EXAMINER, {str(state) for state in DECIDED_STATUSES}
        self.models = {"company": CompanyDossier, "trademark": TrademarkFiling}
        self.models["patent"] = PatentFiling
        self.examiners = {
            office: User.objects.filter(role="examiner", office=office).values_list(
                "pk", flat=True
            )[0]
            for office in ("ompic", "inpi")
        }
        self.city = City.objects.select_related("region").get(code="06.141.01.0")
        self.code_62 = ActivityCode.objects.get(code="62.01").pk
        self.invention = PatentKind.objects.order_by("order").values_list("pk", flat=True).first()
        self.types = {
            kind: ContentType.objects.get_for_model(model).pk for kind, model in self.models.items()
        }
        self.prefix = {"company": "CO", "trademark": "TM", "patent": "PT"}
        self.year = now.year
        self.counters = {"CO": 0, "TM": 0, "PT": 0}
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT prefix, last_value FROM carres_referencecounter WHERE year = %s",
                [self.year],
            )
            self.counters.update(dict(cursor.fetchall()))

    def add(self, kind, state, *, owner_id, created, lang, index, number, brand):
        """One dossier of `kind` ("company", "trademark", "patent") in `state`."""
        pk, common = self.common(kind, state, owner_id, created, lang)
        getattr(self, kind)(pk, common, state=state, index=index, number=number, brand=brand)

    def common(self, kind, state, owner_id, created, lang):
        """(id, the values of COMMON_COLUMNS); the dossier's timeline, PDF and notification."""
        table = self.models[kind]._meta.db_table
        content_type = self.types[kind]
        pk = self.copier.next_id(table)
        reference = submitted_at = decided_at = examiner = None
        office = "inpi" if kind == "patent" and pk % 3 == 0 else "ompic"
        path = self.paths[state]
        if any(step.target == "submitted" for step in path):  # a reference at first submission
            prefix = self.prefix[kind]
            self.counters[prefix] += 1
            reference = f"{prefix}-{self.year}-{self.counters[prefix]:06d}"
            submitted_at = created + timedelta(days=1)
        if any(step.by == self.examiner_step for step in path):
            examiner = self.examiners[office]
        if state in self.decided:
            decided_at = created + timedelta(days=3)
        moment = created
        created_event = (content_type, pk, owner_id, "create", "", "draft", "", False, moment)
        self.rows["event"].append((self.copier.next_id("carres_dossierevent"), *created_event))
        for step in path:
            moment += timedelta(days=1)
            actor = examiner if step.by == self.examiner_step else owner_id
            comment = REASON if step.needs_reason else ""
            self.rows["event"].append(
                (
                    self.copier.next_id("carres_dossierevent"),
                    content_type,
                    pk,
                    actor,
                    step.action,
                    step.source,
                    step.target,
                    comment,
                    False,
                    moment,
                )
            )
        if state in PDF_STATE:
            self.document(content_type, pk, owner_id, PDF_STATE[state], lang, moment)
        common = (
            pk,
            state,
            reference,
            office,
            submitted_at,
            decided_at,
            f"v{pk:011d}{content_type:04d}",  # verification code: unique, never guessed here
            len(path),
            created,
            moment,
            examiner,
            owner_id,
        )
        return pk, common

    def document(self, content_type, pk, owner_id, pdf_state, lang, moment):
        """The dossier's current PDF (the one shared file of its language) and its e-mail."""
        self.rows["document"].append(
            (
                self.copier.next_id("carres_generateddocument"),
                content_type,
                pk,
                "dossier_pdf",
                pdf_state,
                lang,
                f"documents/bench-{lang}.pdf",
                "bench",
                0,  # set to the real size once the PDFs are rendered
                moment,
                moment,
            )
        )
        self.rows["notification"].append(
            (
                self.copier.next_id("carres_notification"),
                f"bench:{content_type}:{pk}",
                VERB[pdf_state],
                content_type,
                pk,
                owner_id,
                None if pk % 2 else moment,
                moment,
            )
        )

    def company(self, pk, common, *, state, index, number, brand):
        from companies.names import normalize_name

        names = [f"{brand} {number}", f"{brand} Groupe {number}", ""]
        self.rows["company"].append(
            (
                *common,
                "sarl",
                *names,
                "{" + ",".join(f'"{normalize_name(n)}"' for n in names if n) + "}",
                "Conception de logiciels et conseil aux entreprises",
                "100000.00",
                self.city.region_id,
                self.city.pk,
                "12 boulevard Zerktouni",
                False,
                "",
                "documents" if state == "draft" else "review",
            )
        )
        self.rows["codes"].append(
            (self.copier.next_id("companies_companydossier_activity_codes"), pk, self.code_62)
        )
        for position, (name, share) in enumerate(
            ((f"{FIRST_NAMES[index % 9]} Benali", "60000"), ("Youssef Alaoui", "40000"))
        ):
            self.rows["associate"].append(
                (
                    self.copier.next_id("companies_associate"),
                    pk,
                    "natural",
                    name,
                    f"BE{index:06d}{position}",
                    share,
                    position,
                )
            )
        self.rows["manager"].append(
            (
                self.copier.next_id("companies_manager"),
                pk,
                "manager",
                f"{FIRST_NAMES[index % 9]} Benali",
                f"BE{index:06d}0",
                0,
            )
        )

    def trademark(self, pk, common, *, state, index, number, brand):
        self.rows["trademark"].append(
            (
                *common,
                "word",
                f"{BRANDS[(index + number) % len(BRANDS)]} {index}",
                "",
                "individual",
                f"{FIRST_NAMES[index % 9]} {LAST_NAMES[index % 8]}",
                "12 rue Allal Ben Abdallah, Rabat",
            )
        )
        for class_number in (25, 35)[: 1 + index % 2]:
            self.rows["filingclass"].append(
                (self.copier.next_id("ip_filings_filingclass"), pk, class_number, "Vêtements")
            )

    def patent(self, pk, common, *, state, index, number, brand):
        self.rows["patent"].append(
            (
                *common,
                self.invention,
                f"Capteur d'humidité pour goutte-à-goutte n° {index}",
                "Irrigation agricole",
                "Un capteur capacitif commande la vanne d'irrigation.",
                "État de la technique, problème, solution et mode de réalisation.",
            )
        )
        for claim, refers in ((1, None), (2, 1)):
            self.rows["claim"].append(
                (
                    self.copier.next_id("ip_filings_patentclaim"),
                    pk,
                    claim,
                    "Capteur comprenant une sonde capacitive.",
                    refers,
                )
            )
        self.rows["inventor"].append(
            (self.copier.next_id("ip_filings_patentinventor"), pk, "Salma Bennani", 0)
        )
        self.rows["applicant"].append(
            (self.copier.next_id("ip_filings_patentapplicant"), pk, "Salma Bennani", 0)
        )
