"""Reference data of the IP self-diagnostic: its questions, answers and recommendations (idempotent)."""

from ip_filings.enums import RightKind
from ip_filings.models import DiagnosticChoice, DiagnosticQuestion, Recommendation


def tr(fr, en, ar, field="name"):
    return {f"{field}_fr": fr, f"{field}_en": en, f"{field}_ar": ar, field: fr}


# code, multiple, question (fr, en, ar), [(choice code, (fr, en, ar))]
QUESTIONS = [
    (
        "profile",
        False,
        ("Vous êtes…", "You are…", "أنتم…"),
        [
            (
                "individual",
                ("Un entrepreneur individuel", "An individual entrepreneur", "مقاول ذاتي"),
            ),
            ("startup", ("Une start-up", "A start-up", "شركة ناشئة")),
            (
                "company",
                (
                    "Une PME ou une entreprise",
                    "An SME or a company",
                    "مقاولة صغرى أو متوسطة أو شركة",
                ),
            ),
            (
                "university",
                (
                    "Une université ou un laboratoire",
                    "A university or a laboratory",
                    "جامعة أو مختبر",
                ),
            ),
        ],
    ),
    (
        "creates",
        True,
        ("Que créez-vous ?", "What do you create?", "ماذا تبتكرون؟"),
        [
            (
                "technical",
                (
                    "Une solution technique nouvelle (procédé, machine, produit)",
                    "A new technical solution (process, machine, product)",
                    "حلا تقنيا جديدا (طريقة، آلة، منتج)",
                ),
            ),
            (
                "look",
                (
                    "L'apparence d'un produit (forme, motifs, couleurs)",
                    "The look of a product (shape, patterns, colours)",
                    "مظهر منتج (شكل، زخارف، ألوان)",
                ),
            ),
            (
                "software",
                ("Un logiciel ou une application", "Software or an app", "برنامجا أو تطبيقا"),
            ),
            ("services", ("Des services", "Services", "خدمات")),
        ],
    ),
    (
        "sells",
        True,
        (
            "Comment vendez-vous, sous quel nom ?",
            "How do you sell, under what name?",
            "كيف تبيعون وبأي اسم؟",
        ),
        [
            (
                "brand",
                ("Sous une marque ou un logo", "Under a brand or a logo", "تحت علامة أو شعار"),
            ),
            (
                "shop",
                (
                    "Dans un commerce à l'enseigne de l'entreprise",
                    "In a shop under the company's name",
                    "في متجر يحمل اسم المقاولة",
                ),
            ),
            ("online", ("En ligne", "Online", "عبر الإنترنت")),
        ],
    ),
    (
        "protected",
        True,
        (
            "Qu'avez-vous déjà protégé ?",
            "What have you already protected?",
            "ماذا قمتم بحمايته من قبل؟",
        ),
        [
            ("trademark", ("Une marque", "A trademark", "علامة")),
            ("patent", ("Un brevet", "A patent", "براءة اختراع")),
            (
                "trade_name",
                (
                    "Le nom commercial (registre du commerce)",
                    "The trade name (trade register)",
                    "الاسم التجاري (السجل التجاري)",
                ),
            ),
            ("nothing", ("Rien pour l'instant", "Nothing yet", "لا شيء حتى الآن")),
        ],
    ),
    (
        "grow",
        True,
        ("Où comptez-vous vous développer ?", "Where do you plan to grow?", "أين تعتزمون التوسع؟"),
        [
            ("morocco", ("Au Maroc", "In Morocco", "في المغرب")),
            (
                "oapi",
                (
                    "En Afrique de l'Ouest et centrale (pays de l'OAPI)",
                    "In West and Central Africa (OAPI countries)",
                    "في أفريقيا الغربية والوسطى (دول المنظمة الأفريقية للملكية الفكرية)",
                ),
            ),
            ("europe", ("En Europe", "In Europe", "في أوروبا")),
        ],
    ),
]

# code, right, priority, (title fr/en/ar), (text fr/en/ar), conditions, excluded by, training theme, chamber topic
RECOMMENDATIONS = [
    (
        "patent-first",
        RightKind.PATENT,
        1,
        (
            "Déposez une demande de brevet avant toute divulgation",
            "File a patent application before any disclosure",
            "أودعوا طلب براءة اختراع قبل أي إفصاح",
        ),
        (
            "Votre solution technique peut être brevetable si elle est nouvelle, inventive et applicable industriellement. Ne la montrez pas (salon, publication, vente) avant le dépôt : préparez la demande ici.",
            "Your technical solution may be patentable if it is new, inventive and industrially applicable. Do not show it (fair, publication, sale) before filing: prepare the application here.",
            "قد يكون حلكم التقني قابلا للحماية ببراءة اختراع إذا كان جديدا وينطوي على نشاط ابتكاري وقابلا للتطبيق الصناعي. لا تكشفوا عنه (معرض، نشر، بيع) قبل الإيداع: حضّروا الطلب هنا.",
        ),
        [("creates", "technical")],
        [("protected", "patent")],
        "patents",
        "patent",
    ),
    (
        "trademark",
        RightKind.TRADEMARK,
        2,
        ("Protégez votre marque", "Protect your brand", "احموا علامتكم"),
        (
            "Le nom ou le logo sous lequel vous vendez n'est protégé que s'il est déposé comme marque. Vérifiez d'abord qu'une marque proche n'existe pas déjà.",
            "The name or logo you sell under is only protected once filed as a trademark. First check that no similar mark already exists.",
            "الاسم أو الشعار الذي تبيعون تحته لا يكون محميا إلا بعد إيداعه كعلامة. تحققوا أولا من عدم وجود علامة مشابهة.",
        ),
        [("sells", "brand"), ("sells", "online"), ("creates", "services")],
        [("protected", "trademark")],
        "trademarks",
        "trademark",
    ),
    (
        "design",
        RightKind.DESIGN,
        3,
        (
            "Pensez au dessin ou modèle industriel",
            "Consider an industrial design",
            "فكروا في الرسم أو النموذج الصناعي",
        ),
        (
            "L'apparence nouvelle d'un produit se protège par un dépôt de dessin ou modèle, avant sa mise sur le marché.",
            "A product's new look is protected by filing a design, before it goes on the market.",
            "يُحمى المظهر الجديد لمنتج بإيداع رسم أو نموذج صناعي قبل طرحه في السوق.",
        ),
        [("creates", "look")],
        [],
        "designs",
        "",
    ),
    (
        "trade-name",
        RightKind.TRADE_NAME,
        4,
        ("Réservez votre nom commercial", "Reserve your trade name", "احجزوا اسمكم التجاري"),
        (
            "L'enseigne et la dénomination de votre entreprise se réservent au registre du commerce, au moment de la création de l'entreprise.",
            "Your shop sign and company name are reserved in the trade register when the company is created.",
            "يُحجز شعار المتجر وتسمية المقاولة في السجل التجاري عند إحداث المقاولة.",
        ),
        [("sells", "shop")],
        [("protected", "trade_name")],
        "company_creation",
        "company_creation",
    ),
    (
        "oapi",
        RightKind.OAPI,
        5,
        (
            "Étendez votre protection aux pays de l'OAPI",
            "Extend your protection to OAPI countries",
            "وسّعوا حمايتكم إلى دول المنظمة الأفريقية للملكية الفكرية",
        ),
        (
            "Un seul dépôt auprès de l'OAPI (www.oapi.int) couvre ses dix-sept États membres. Le délai de priorité de douze mois (six pour les marques) court depuis votre premier dépôt au Maroc.",
            "A single OAPI filing (www.oapi.int) covers its seventeen member states. The twelve-month priority period (six for marks) runs from your first filing in Morocco.",
            "إيداع واحد لدى المنظمة الأفريقية للملكية الفكرية (www.oapi.int) يغطي دولها الأعضاء السبع عشرة. تبدأ مهلة الأولوية (اثنا عشر شهرا، وستة أشهر للعلامات) من تاريخ إيداعكم الأول في المغرب.",
        ),
        [("grow", "oapi")],
        [],
        "ip_basics",
        "export_africa",
    ),
    (
        "europe",
        RightKind.ABROAD,
        6,
        (
            "Étendez votre protection en Europe",
            "Extend your protection to Europe",
            "وسّعوا حمايتكم إلى أوروبا",
        ),
        (
            "Une marque de l'Union européenne, déposée auprès de l'EUIPO (euipo.europa.eu), couvre les 27 États de l'Union ; le système de Madrid de l'OMPI (www.wipo.int/madrid) étend votre marque marocaine aux pays que vous désignez, l'Union comprise. Pour une invention : une demande internationale PCT (www.wipo.int/pct) ou une demande de brevet européen auprès de l'OEB (www.epo.org). Déposez au Maroc d'abord : vous avez ensuite douze mois (six pour une marque) pour étendre avec la même date de priorité.",
            "A European Union trade mark, filed with the EUIPO (euipo.europa.eu), covers the 27 EU states; WIPO's Madrid System (www.wipo.int/madrid) extends your Moroccan mark to the countries you designate, the EU included. For an invention: an international PCT application (www.wipo.int/pct) or a European patent application with the EPO (www.epo.org). File in Morocco first: you then have twelve months (six for a mark) to extend with the same priority date.",
            "علامة الاتحاد الأوروبي، المودعة لدى مكتب الاتحاد الأوروبي للملكية الفكرية (euipo.europa.eu)، تغطي دول الاتحاد السبع والعشرين؛ ونظام مدريد التابع للمنظمة العالمية للملكية الفكرية (www.wipo.int/madrid) يمدد علامتكم المغربية إلى البلدان التي تعينونها، بما فيها الاتحاد. بالنسبة للاختراع: طلب دولي وفق معاهدة التعاون بشأن البراءات (www.wipo.int/pct) أو طلب براءة أوروبية لدى المكتب الأوروبي للبراءات (www.epo.org). أودعوا في المغرب أولا: لديكم بعد ذلك اثنا عشر شهرا (ستة أشهر للعلامة) للتمديد بنفس تاريخ الأولوية.",
        ),
        [("grow", "europe")],
        [],
        "ip_basics",
        "other",
    ),
]


def seed_diagnostic():
    choices = {}
    for order, (code, multiple, text, options) in enumerate(QUESTIONS):
        question, _created = DiagnosticQuestion.objects.update_or_create(
            code=code, defaults={"multiple": multiple, "order": order, **tr(*text, field="text")}
        )
        for choice_order, (choice_code, label) in enumerate(options):
            choice, _created = DiagnosticChoice.objects.update_or_create(
                question=question,
                code=choice_code,
                defaults={"order": choice_order, **tr(*label, field="label")},
            )
            choices[(code, choice_code)] = choice
    for code, right, priority, title, text, conditions, excluded, theme, topic in RECOMMENDATIONS:
        recommendation, _created = Recommendation.objects.update_or_create(
            code=code,
            defaults={
                "right": right,
                "priority": priority,
                "training_theme": theme,
                "chamber_topic": topic,
                **tr(*title, field="title"),
                **tr(*text, field="text"),
            },
        )
        recommendation.choices.set([choices[key] for key in conditions])
        recommendation.excluded_by.set([choices[key] for key in excluded])
