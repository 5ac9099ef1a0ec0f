"""Legal forms, their checklists and outside steps, and the activity nomenclature.

Values from Law 5-96 (SARL, SNC, SCS), Law 17-95 (SA, SAS since Law 19-20) and Law 114-13
(auto-entrepreneur); administrators correct them in the back office. The loaders take the
model classes so that the data migration passes its historical models; they are idempotent
(matched on codes) and only create what is missing, never overwriting an administrator's edit.
"""

from decimal import Decimal

# Translated texts: (fr, ar, en)
T_ID = (
    "Pièce d'identité (CIN ou passeport)",
    "بطاقة التعريف الوطنية أو جواز السفر",
    "Identity document (ID card or passport)",
)
T_RC_EXTRACT = (
    "Extrait du registre du commerce de l'associé personne morale",
    "مستخرج السجل التجاري للشريك الشخص المعنوي",
    "Trade register extract of the corporate associate",
)
T_HEAD_OFFICE = (
    "Justificatif du siège (bail, titre de propriété ou contrat de domiciliation)",
    "إثبات المقر (عقد كراء أو رسم عقاري أو عقد توطين)",
    "Proof of head office (lease, title deed or domiciliation contract)",
)
T_STATUTES = (
    "Projet de statuts signé",
    "مشروع النظام الأساسي موقع",
    "Signed draft articles of association",
)
T_BANK = (
    "Attestation de blocage du capital",
    "شهادة تجميد رأس المال",
    "Certificate of capital deposit",
)
T_BOARD = (
    "Procès-verbal de nomination du conseil d'administration",
    "محضر تعيين مجلس الإدارة",
    "Minutes appointing the board of directors",
)

S_DEPOSIT = (
    "Déposer le capital sur un compte bloqué",
    "إيداع رأس المال في حساب مجمد",
    "Deposit the capital in a blocked account",
    "Banque",
    "البنك",
    "Bank",
    "",
    "",
    "",
)
S_REGISTER = (
    "S'immatriculer au registre du commerce (tribunal de commerce) via le CRI ou la plateforme DirectInvest",
    "التسجيل في السجل التجاري (المحكمة التجارية) عبر المركز الجهوي للاستثمار أو منصة DirectInvest",
    "Register at the trade register (commercial court) through the CRI or DirectInvest",
    "Tribunal de commerce, CRI",
    "المحكمة التجارية، المركز الجهوي للاستثمار",
    "Commercial court, CRI",
    "environ 350 MAD",
    "حوالي 350 درهم",
    "about 350 MAD",
)
S_TAX = (
    "Obtenir l'identifiant fiscal et la taxe professionnelle (DGI)",
    "الحصول على التعريف الضريبي والرسم المهني (المديرية العامة للضرائب)",
    "Obtain the tax identifier and business tax (DGI)",
    "Direction générale des impôts",
    "المديرية العامة للضرائب",
    "Tax administration",
    "",
    "",
    "",
)
S_CNSS = (
    "Affilier l'entreprise à la CNSS",
    "انخراط المقاولة في الصندوق الوطني للضمان الاجتماعي",
    "Register the company with the CNSS",
    "Caisse nationale de sécurité sociale",
    "الصندوق الوطني للضمان الاجتماعي",
    "Social security fund",
    "",
    "",
    "",
)
S_LEGAL_NOTICE = (
    "Publier l'avis de constitution au Bulletin officiel et dans un journal d'annonces légales",
    "نشر إعلان التأسيس في الجريدة الرسمية وفي جريدة للإعلانات القانونية",
    "Publish the incorporation notice in the Official Bulletin and a legal gazette",
    "",
    "",
    "",
    "",
    "",
    "",
)
S_AE = (
    "S'inscrire au registre national de l'auto-entrepreneur (Barid Al-Maghrib ou en ligne)",
    "التسجيل في السجل الوطني للمقاول الذاتي (بريد المغرب أو عبر الإنترنت)",
    "Register with the national auto-entrepreneur register (Barid Al-Maghrib or online)",
    "",
    "",
    "",
    "",
    "",
    "",
)

COMPANY_DOCS = [
    ("id", T_ID, True),
    ("head_office", T_HEAD_OFFICE, False),
    ("statutes", T_STATUTES, False),
]
COMPANY_STEPS = [S_DEPOSIT, S_LEGAL_NOTICE, S_REGISTER, S_TAX, S_CNSS]

# code: (name, description, rules, documents, steps)
LEGAL_FORMS = [
    (
        "sarl",
        (
            "SARL (société à responsabilité limitée)",
            "شركة ذات مسؤولية محدودة",
            "SARL (limited liability company)",
        ),
        (
            "De 1 à 50 associés, capital librement fixé.",
            "من شريك واحد إلى 50 شريكا، رأس مال يحدد بحرية.",
            "1 to 50 associates, capital freely set.",
        ),
        {"min_associates": 1, "max_associates": 50},
        COMPANY_DOCS,
        COMPANY_STEPS,
    ),
    (
        "sarl_au",
        ("SARL AU (associé unique)", "شركة ذات مسؤولية محدودة بشريك وحيد", "Single-member SARL"),
        (
            "Un seul associé, capital librement fixé.",
            "شريك وحيد، رأس مال يحدد بحرية.",
            "A single associate, capital freely set.",
        ),
        {"min_associates": 1, "max_associates": 1},
        COMPANY_DOCS,
        COMPANY_STEPS,
    ),
    (
        "sa",
        ("SA (société anonyme)", "شركة مساهمة", "SA (public limited company)"),
        (
            "Au moins 5 actionnaires, capital minimum de 300 000 MAD, conseil d'administration.",
            "خمسة مساهمين على الأقل، رأس مال أدنى 300000 درهم، مجلس إدارة.",
            "At least 5 shareholders, minimum capital 300,000 MAD, a board of directors.",
        ),
        {
            "min_associates": 5,
            "minimum_capital": Decimal("300000"),
            "board_required": True,
            "min_board_members": 3,
        },
        [*COMPANY_DOCS, ("bank", T_BANK, False), ("board", T_BOARD, False)],
        COMPANY_STEPS,
    ),
    (
        "sas",
        (
            "SAS (société par actions simplifiée)",
            "شركة المساهمة المبسطة",
            "SAS (simplified joint-stock company)",
        ),
        (
            "Réservée aux sociétés comme associés (loi 19-20).",
            "مخصصة للشركات كشركاء (القانون 19-20).",
            "Reserved to companies as associates (Law 19-20).",
        ),
        {"min_associates": 1, "associate_kinds": "legal"},
        [
            ("rc_extract", T_RC_EXTRACT, True),
            ("head_office", T_HEAD_OFFICE, False),
            ("statutes", T_STATUTES, False),
        ],
        COMPANY_STEPS,
    ),
    (
        "snc",
        ("SNC (société en nom collectif)", "شركة التضامن", "SNC (general partnership)"),
        (
            "Au moins 2 associés, tous commerçants et indéfiniment responsables.",
            "شريكان على الأقل، كلهم تجار ومسؤولون بصفة غير محدودة.",
            "At least 2 partners, all traders with unlimited liability.",
        ),
        {"min_associates": 2, "associate_kinds": "natural"},
        COMPANY_DOCS,
        COMPANY_STEPS,
    ),
    (
        "scs",
        ("SCS (société en commandite simple)", "شركة التوصية البسيطة", "SCS (limited partnership)"),
        (
            "Au moins 2 associés : commandités et commanditaires.",
            "شريكان على الأقل: متضامنون وموصون.",
            "At least 2 partners: general and limited.",
        ),
        {"min_associates": 2},
        COMPANY_DOCS,
        COMPANY_STEPS,
    ),
    (
        "ppc",
        ("Personne physique commerçante", "شخص ذاتي تاجر", "Sole trader"),
        (
            "L'entrepreneur exerce en son nom propre, sans capital social.",
            "يمارس المقاول باسمه الخاص، دون رأس مال.",
            "The entrepreneur trades in their own name, without share capital.",
        ),
        {
            "is_individual": True,
            "min_associates": 0,
            "max_associates": 0,
            "managers_required": False,
        },
        [("id", T_ID, False), ("head_office", T_HEAD_OFFICE, False)],
        [S_REGISTER, S_TAX, S_CNSS],
    ),
    (
        "ae",
        ("Auto-entrepreneur", "المقاول الذاتي", "Auto-entrepreneur"),
        (
            "Régime de la loi 114-13 ; chiffre d'affaires annuel plafonné.",
            "نظام القانون 114-13؛ رقم معاملات سنوي محدد السقف.",
            "Law 114-13 scheme; annual turnover capped.",
        ),
        {
            "is_individual": True,
            "min_associates": 0,
            "max_associates": 0,
            "managers_required": False,
            "turnover_ceiling_goods": Decimal("500000"),
            "turnover_ceiling_services": Decimal("200000"),
        },
        [("id", T_ID, False)],
        [S_AE, S_TAX],
    ),
]

# A subset of the Moroccan NMAE 2010: (code, is_service, fr, ar, en)
ACTIVITY_CODES = [
    (
        "10.71",
        False,
        "Fabrication de pain et de pâtisserie fraîche",
        "صناعة الخبز والحلويات الطازجة",
        "Manufacture of bread and fresh pastry",
    ),
    (
        "14.13",
        False,
        "Fabrication de vêtements de dessus",
        "صناعة الملابس الخارجية",
        "Manufacture of outerwear",
    ),
    ("41.20", False, "Construction de bâtiments", "تشييد المباني", "Construction of buildings"),
    (
        "46.90",
        False,
        "Commerce de gros non spécialisé",
        "تجارة الجملة غير المتخصصة",
        "Non-specialised wholesale trade",
    ),
    (
        "47.11",
        False,
        "Commerce de détail en magasin non spécialisé",
        "تجارة التقسيط في متاجر غير متخصصة",
        "Retail sale in non-specialised stores",
    ),
    ("47.91", False, "Vente à distance", "البيع عن بعد", "Retail sale via mail order or internet"),
    (
        "49.41",
        True,
        "Transports routiers de fret",
        "النقل الطرقي للبضائع",
        "Freight transport by road",
    ),
    (
        "55.10",
        True,
        "Hôtels et hébergement similaire",
        "الفنادق والإيواء المماثل",
        "Hotels and similar accommodation",
    ),
    (
        "56.10",
        True,
        "Restaurants et services de restauration mobile",
        "المطاعم وخدمات الإطعام المتنقل",
        "Restaurants and mobile food service",
    ),
    ("62.01", True, "Programmation informatique", "البرمجة المعلوماتية", "Computer programming"),
    ("62.02", True, "Conseil informatique", "الاستشارة المعلوماتية", "Computer consultancy"),
    (
        "70.22",
        True,
        "Conseil pour les affaires et autres conseils de gestion",
        "الاستشارة في الأعمال والتسيير",
        "Business and management consultancy",
    ),
    ("71.12", True, "Activités d'ingénierie", "أنشطة الهندسة", "Engineering activities"),
    ("73.11", True, "Agences de publicité", "وكالات الإشهار", "Advertising agencies"),
    ("85.59", True, "Formation continue", "التكوين المستمر", "Further education and training"),
    ("90.03", True, "Création artistique", "الإبداع الفني", "Artistic creation"),
]

LANGS = ("fr", "ar", "en")


def _translated(field, texts):
    values = {f"{field}_{lang}": text for lang, text in zip(LANGS, texts, strict=True)}
    values[field] = texts[0]
    return values


IDENTITY_DOCUMENT_CODES = frozenset({"id"})


def load_legal_forms(LegalForm, RequiredDocument, OutsideStep):
    # Historical models from before companies 0004 have no is_identity field.
    flags_identity = any(f.name == "is_identity" for f in RequiredDocument._meta.get_fields())
    for position, (code, name, description, rules, documents, steps) in enumerate(LEGAL_FORMS):
        form, created = LegalForm.objects.get_or_create(
            code=code,
            defaults={
                "position": position,
                **_translated("name", name),
                **_translated("description", description),
                **rules,
            },
        )
        if not created:
            continue
        for i, (doc_code, label, per_associate) in enumerate(documents):
            identity = (
                {"is_identity": doc_code in IDENTITY_DOCUMENT_CODES} if flags_identity else {}
            )
            RequiredDocument.objects.create(
                legal_form=form,
                code=doc_code,
                per_associate=per_associate,
                position=i,
                **_translated("label", label),
                **identity,
            )
        # The fee is translated since migration 0007; the older migrations load the forms
        # with their historical model, which has only `fee`.
        translated_fee = any(f.name == "fee_ar" for f in OutsideStep._meta.get_fields())
        for i, step in enumerate(steps):
            OutsideStep.objects.create(
                legal_form=form,
                position=i,
                **(_translated("fee", step[6:9]) if translated_fee else {"fee": step[6]}),
                **_translated("title", step[0:3]),
                **_translated("description", step[3:6]),
            )


def load_activity_codes(ActivityCode):
    for code, is_service, *label in ACTIVITY_CODES:
        ActivityCode.objects.get_or_create(
            code=code, defaults={"is_service": is_service, **_translated("label", label)}
        )
