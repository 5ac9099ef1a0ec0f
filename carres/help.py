"""The help section's content: a glossary of the terms the portal uses and the answers to the
questions each journey raises. Interface text like any other (gettext, fr source, ar and en
in the catalogues), kept here as data so that the pages, the wizard's help links and the tests
read one list."""

from django.utils.translation import gettext_lazy as _

GLOSSARY = [
    (
        _("Antériorité"),
        _(
            "Une marque déjà enregistrée ou déposée avant la vôtre. Si elle ressemble à votre "
            "signe pour des produits ou services proches, son titulaire peut s'opposer à votre "
            "dépôt."
        ),
    ),
    (
        _("Brevet"),
        _(
            "Le titre qui protège une invention nouvelle, inventive et susceptible d'application "
            "industrielle, pendant 20 ans au plus à compter du dépôt, contre le paiement de "
            "taxes annuelles."
        ),
    ),
    (
        _("Certificat négatif"),
        _(
            "L'attestation de l'OMPIC qu'une dénomination n'est pas déjà prise au registre du "
            "commerce : elle réserve le nom de la société pendant sa création."
        ),
    ),
    (
        _("Classification de Nice"),
        _(
            "La liste internationale de 45 classes (34 de produits, 11 de services) dans "
            "lesquelles on désigne ce que la marque couvrira. La taxe dépend du nombre de classes."
        ),
    ),
    (
        _("Code de vérification"),
        _(
            "Le code imprimé sous le code QR d'un dossier PDF ou d'une attestation : avec la "
            "référence, il permet à quiconque de vérifier le document sur la page Vérifier."
        ),
    ),
    (
        _("Déposant"),
        _("La personne ou l'entreprise au nom de laquelle la marque ou le brevet est demandé."),
    ),
    (
        _("Examinateur"),
        _(
            "L'agent de l'OMPIC (ou de l'INPI pour certains brevets) qui étudie votre dossier : "
            "il l'accepte, le refuse ou vous demande des modifications en expliquant pourquoi."
        ),
    ),
    (
        _("Marque"),
        _(
            "Un signe (mot, logo, combinaison) qui distingue vos produits ou services de ceux "
            "des autres. Enregistrée, elle est protégée 10 ans, renouvelables sans limite."
        ),
    ),
    (
        _("Opposition"),
        _(
            "La procédure par laquelle le titulaire d'une marque antérieure conteste une demande "
            "publiée, dans les deux mois de sa publication."
        ),
    ),
    (
        _("Pré-dépôt"),
        _(
            "Le dossier préparé et vérifié sur ce portail avant le dépôt officiel : il évite les "
            "oublis et les refus pour une pièce manquante."
        ),
    ),
    (
        _("Revendication"),
        _(
            "Dans une demande de brevet, une phrase numérotée qui définit ce qui est protégé. "
            "Une revendication dépendante renvoie à une autre par son numéro."
        ),
    ),
    (
        _("Système de Madrid, PCT"),
        _(
            "Les traités administrés par l'OMPI qui permettent d'étendre, par une seule demande, "
            "une marque (Madrid) ou une demande de brevet (PCT) à d'autres pays."
        ),
    ),
    (
        _("Authentification à deux facteurs"),
        _(
            "La connexion qui demande, en plus du mot de passe, un code à usage unique donné "
            "par une application : obligatoire pour les examinateurs et les conseillers."
        ),
    ),
]

# (anchor, title, [(question, answer)]): the anchors are what each journey's pages link to.
QUESTIONS = [
    (
        "dossier",
        _("Votre dossier"),
        [
            (
                _("Mon brouillon est-il enregistré ?"),
                _(
                    "Oui : chaque étape est enregistrée quand vous choisissez « Enregistrer et "
                    "continuer » ou « Enregistrer et reprendre plus tard ». Vos brouillons sont "
                    "dans Mes dossiers, où vous reprenez là où vous étiez."
                ),
            ),
            (
                _("Que se passe-t-il après le dépôt ?"),
                _(
                    "Un examinateur prend votre dossier. Il peut l'accepter, le refuser ou vous "
                    "demander des modifications en expliquant pourquoi : vous êtes prévenu par "
                    "une notification et un e-mail, vous corrigez et déposez de nouveau. Chaque "
                    "étape figure dans l'historique du dossier."
                ),
            ),
            (
                _("Comment prouver où en est mon dossier ?"),
                _(
                    "Téléchargez son PDF : il porte une référence, un code de vérification et un "
                    "code QR. Toute personne peut vérifier son authenticité et son état sur la "
                    "page Vérifier un document, sans voir vos données personnelles."
                ),
            ),
        ],
    ),
    (
        "company",
        _("Créer une entreprise"),
        [
            (
                _("Pourquoi proposer plusieurs noms ?"),
                _(
                    "Un nom trop proche d'une société ou d'une marque existante est refusé. Le "
                    "portail vérifie chaque proposition au fil de la saisie ; proposer plusieurs "
                    "noms évite de recommencer si le premier n'est pas disponible."
                ),
            ),
        ],
    ),
    (
        "trademark",
        _("Protéger une marque"),
        [
            (
                _("Comment choisir mes classes ?"),
                _(
                    "Cherchez vos produits ou services par un mot, en français, en arabe ou en "
                    "anglais : le portail propose les classes de Nice qui les contiennent. Ne "
                    "désignez que ce que vous vendez ou vendrez : chaque classe ajoute à la taxe."
                ),
            ),
            (
                _("À quoi sert la recherche d'antériorités ?"),
                _(
                    "Elle cherche dans le registre les marques qui ressemblent à la vôtre, par "
                    "l'écriture ou le son, en lettres latines comme arabes. Une marque antérieure "
                    "proche dans les mêmes classes peut conduire à une opposition : mieux vaut le "
                    "savoir avant de déposer."
                ),
            ),
        ],
    ),
    (
        "patent",
        _("Protéger une invention"),
        [
            (
                _("Qui examine ma demande de brevet ?"),
                _(
                    "L'OMPIC. Dans le cadre de la coopération entre l'OMPIC et l'INPI, certaines "
                    "demandes de jeunes entreprises innovantes sont examinées par l'INPI (France) ; "
                    "la page de votre dossier indique l'office qui l'examine."
                ),
            ),
            (
                _("Puis-je parler de mon invention avant de déposer ?"),
                _(
                    "Évitez-le : une invention rendue publique avant le dépôt n'est plus nouvelle "
                    "et ne peut plus être brevetée. Parlez-en sous accord de confidentialité."
                ),
            ),
        ],
    ),
    (
        "support",
        _("Accompagnement et formations"),
        [
            (
                _("Comment obtenir l'aide d'un conseiller ?"),
                _(
                    "Choisissez « Demander un accompagnement » : votre demande va à la chambre de "
                    "commerce qui sert votre région, qui vous répond dans le délai affiché dans "
                    "l'annuaire des chambres."
                ),
            ),
            (
                _("La session qui m'intéresse est complète : que faire ?"),
                _(
                    "Inscrivez-vous sur la liste d'attente : dès qu'une place se libère, elle vous "
                    "est donnée dans l'ordre d'inscription et vous en êtes prévenu."
                ),
            ),
        ],
    ),
]

# The anchor of QUESTIONS that helps with each kind of dossier's wizard (its reference prefix).
ANCHOR_FOR_PREFIX = {"CO": "company", "TM": "trademark", "PT": "patent"}
