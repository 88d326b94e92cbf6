"""The French catalogue of kamdocs' messages: the keys and named arguments of
`kamdocs.errors.MESSAGES`, worded for a key account manager (tests/test_messages.py checks
that both catalogues have the same keys and the same arguments).

Field names, values the user writes (`champion`, `tender`) and commands stay as written in
the files: they are what the user types.
"""

from __future__ import annotations

DID_YOU_MEAN = "vouliez-vous dire « {choice} » ?"

# Fixed hints, by their English text.
HINTS: dict[str, str] = {
    "pass --allow-noncompliant to build it anyway": (
        "ajoutez --allow-noncompliant pour la produire quand même"
    ),
}

# Words kamdocs puts into a message's arguments, by their English text.
TERMS: dict[str, str] = {
    "a mapping": "une liste de champs (clé: valeur)",
    "a list": "une liste",
    "nothing": "rien",
    "(none)": "(aucun)",
    "show we understood the need": "montrer que nous avons compris le besoin",
    "present a tailored solution": "présenter une solution sur mesure",
    "prove the value and defend the price": "prouver la valeur et défendre le prix",
    "reassure and commit": "rassurer et s'engager",
    "get a decision": "obtenir une décision",
}

_GAPS: dict[str, str] = {
    "no_context": (
        "pas de contexte : décrivez la situation du client, ses enjeux et ses contraintes"
    ),
    "no_needs": "pas de besoins : listez les besoins du client, chacun avec un id (B1, B2...)",
    "copied_paragraph": (
        "le paragraphe {number} ('{excerpt}...') est copié mot pour mot de {source} : "
        "un texte générique est mal noté ; écrivez-le pour ce client"
    ),
    "no_solution": "pas de solution : dites comment l'offre répond à chaque besoin",
    "no_methodology": (
        "pas de méthodologie : décrivez la démarche (ou incluez un bloc de la bibliothèque)"
    ),
    "no_kpi_target": (
        "pas de résultat attendu avec un indicateur et une cible : renseignez "
        "objectives[].kpi et objectives[].target"
    ),
    "roi_without_assumptions": (
        "le roi n'a pas d'hypothèses : un gain sans son hypothèse n'est pas montré"
    ),
    "no_roi": "pas de ROI : renseignez roi.annual_gain, roi.horizon_years et roi.assumptions",
    "no_price": "pas de prix : ajoutez pricing.lines",
    "no_references": (
        "pas de références, ni ici ni dans company.yaml : citez 2 ou 3 projets comparables"
    ),
    "no_guarantees": "pas de garantie ni de SLA, ni ici ni dans company.yaml (sla)",
    "no_team": "pas d'équipe : nommez les personnes et leurs rôles",
    "no_decision_summary": (
        "pas de synthèse décisionnelle : besoin, solution, prix, ROI, preuves et décision "
        "attendue, sur une page"
    ),
    "no_dated_next_step": "pas de prochaine étape datée : dites qui fait quoi, et quand",
    "validity_default": (
        "validité non renseignée : les {days} jours par défaut s'appliquent "
        "(valable jusqu'au {until})"
    ),
    "validity_passed": (
        "l'offre a expiré le {until} (à la date du {today}) : renseignez un nouveau valid_until"
    ),
}
_OBJECTIVE_GAP = "{objective} ({objective_name}) : "

MESSAGES: dict[str, str] = {
    # --- reading a file ---
    "cannot_read": "lecture impossible : {error}",
    "not_utf8": (
        "le fichier n'est pas en UTF-8 (octet 0x{byte}) ; enregistrez-le en UTF-8 "
        "(« Unicode (UTF-8) » dans la boîte Enregistrer sous)"
    ),
    "file_too_large": (
        "le fichier est trop gros ({size} Ko, limite {limit} Ko) ; déplacez les textes longs "
        "dans des fichiers Markdown inclus"
    ),
    "removed_character": "caractère U+{code} supprimé : les documents ne peuvent pas le contenir",
    "removed_reserved_character": "caractère U+{code} supprimé : kamdocs se le réserve",
    "yaml_syntax": (
        "la mise en forme du fichier est illisible ici ({problem}) ; vérifiez l'indentation, "
        "les deux-points et les guillemets"
    ),
    "yaml_error": "la mise en forme du fichier est illisible : {error}",
    "yaml_tab": (
        "cette ligne est indentée avec une tabulation ; n'indentez qu'avec des espaces "
        "(remplacez la tabulation par deux espaces par niveau)"
    ),
    "yaml_bad_start": (
        "une valeur ne peut pas commencer par '{char}' ; mettez toute la valeur entre "
        'guillemets, comme "{char}..."'
    ),
    "yaml_colon_in_value": (
        "un deux-points suivi d'une espace commence un nouveau champ ; s'il fait partie du "
        'texte, mettez tout le texte entre guillemets, comme note: "Réunion : ordre du jour"'
    ),
    "yaml_in_braces": (
        "entre {opening}...{closing}, un deux-points ou une virgule termine le texte ; mettez "
        "entre guillemets un texte qui contient un deux-points ou une virgule, comme "
        'text: "a, b : c"'
    ),
    "yaml_unclosed": (
        "le '{opening}' ouvert ici n'est jamais fermé ; ajoutez le '{closing}' en fin de "
        "ligne (ou cherchez une virgule manquante sur la ligne)"
    ),
    "yaml_unclosed_quote": (
        "le guillemet ouvert ici n'est jamais fermé ; ajoutez le guillemet fermant (dans un "
        "texte entre apostrophes, doublez l'apostrophe : 'l''offre')"
    ),
    "yaml_structure": (
        "cette ligne ne s'accorde pas avec les lignes au-dessus : les champs de même niveau "
        "commencent dans la même colonne, et un texte qui contient des guillemets ou ': ' se "
        "met entièrement entre guillemets"
    ),
    "yaml_unknown_alias": (
        "'*' commence un renvoi vers une ancre '&' qui n'existe pas ; si l'étoile fait partie "
        "du texte, mettez tout le texte entre guillemets"
    ),
    "yaml_bomb": (
        "les renvois (alias) se développent en plus de {limit} valeurs ; cela ressemble à une "
        "« bombe YAML » et le fichier est refusé"
    ),
    "recursive_alias": (
        "un renvoi (alias) se désigne lui-même ; les données récursives sont refusées"
    ),
    "key_not_plain": (
        "un nom de champ doit être un simple mot, pas une liste ni un groupe de champs"
    ),
    "duplicate_key": "champ en double : supprimez ou renommez l'un des deux",
    "removed_control_characters": (
        "caractères supprimés : les documents ne peuvent pas les contenir (caractères de contrôle)"
    ),
    "empty_file": "le fichier est vide ; on attend des lignes clé: valeur",
    "not_a_mapping": "on attend des champs (des lignes clé: valeur), pas {value}",
    # --- a file's schema ---
    "unknown_field": "champ inconnu",
    "unknown_field_extra": "champ inconnu ; mettez vos propres données sous 'extra:'",
    "unknown_field_here": "champ inconnu ; les champs possibles ici sont : {fields}",
    "unknown_field_in_braces": (
        "'{name}' n'est pas un champ : entre {{...}}, une virgule sépare deux champs ; si la "
        'virgule fait partie du texte, mettez tout le texte entre guillemets, comme text: "a, b"'
    ),
    "missing_field": "champ obligatoire manquant",
    "not_one_of": "{value} n'est pas une valeur permise ; valeurs permises : {allowed}",
    "at_least": "doit valoir {limit} ou plus, et vaut {value}",
    "at_most": "doit valoir {limit} ou moins, et vaut {value}",
    "more_than": "doit valoir plus de {limit}, et vaut {value}",
    "less_than": "doit valoir moins de {limit}, et vaut {value}",
    "expected_text": "on attend un texte, pas {value}",
    "expected_whole_number": "on attend un nombre entier, pas {value}",
    "expected_number": "on attend un nombre, pas {value}",
    "expected_true_or_false": "on attend true (oui) ou false (non), pas {value}",
    "expected_date": "on attend une date comme 2026-09-30 (année-mois-jour), pas {value}",
    "expected_date_time": "on attend une date et une heure comme 2026-10-01T12:00, pas {value}",
    "expected_list": "on attend une liste, pas {value}",
    "expected_mapping": "on attend des champs (des lignes clé: valeur), pas {value}",
    "expected_ratio": "on attend un taux comme 35% ou 0.35, pas {value}",
    "expected_finite_number": "on attend un nombre fini",
    "number_too_large": "{value} est trop grand ; les nombres vont jusqu'à {largest}",
    "expected_period": "on attend une année (2026) ou un trimestre (2026-Q3), pas {value}",
    "expected_quarter": "on attend un trimestre comme 2026-Q3, pas {value}",
    "invalid_value": "{error}",
    "invalid": "{error}, reçu {value}",
    # --- paths and includes inside content/ ---
    "include_not_relative": (
        "'{path}' doit être un chemin relatif au dossier content/ ; corrigez le chemin de l'include"
    ),
    "include_leaves_content": (
        "'{path}' sort du dossier content/ ('..' est interdit) ; corrigez le chemin de l'include"
    ),
    "include_through_link": (
        "'{path}' mène hors de content/ (par un lien symbolique) ; corrigez le chemin de l'include"
    ),
    "include_unreadable": "'{path}' est illisible : {error} ; corrigez le chemin de l'include",
    "include_not_found": (
        "'{path}' n'existe pas dans le dossier content/ ; corrigez le chemin de l'include"
    ),
    "path_not_relative": "'{path}' doit être un chemin relatif au dossier content/ ; corrigez-le",
    "path_leaves_content": "'{path}' sort du dossier content/ ('..' est interdit) ; corrigez-le",
    "path_through_link": "'{path}' mène hors de content/ (par un lien symbolique) ; corrigez-le",
    "path_unreadable": "'{path}' est illisible : {error} ; corrigez le chemin",
    "path_not_found": "'{path}' n'existe pas dans le dossier content/ ; corrigez le chemin",
    "output_dir_outside": (
        "{value} sort de l'espace de travail : output_dir est un dossier à l'intérieur, "
        "comme 'build' ou 'out/documents'"
    ),
    "output_dir_inputs": (
        "{value} mêlerait les documents produits à vos données : output_dir est un dossier à "
        "part, hors de content/ et de templates/, comme 'build' ou 'out'"
    ),
    "picture_not_image": (
        "'{path}' n'est pas une image qu'un document peut montrer ({error}) : donnez un fichier "
        "PNG, JPEG ou GIF"
    ),
    "check_internal_error": (
        "{document} : erreur interne (un bogue de kamdocs) en le construisant en mémoire : {error}"
    ),
    "portfolio_left_out": (
        "ce compte est laissé hors de la synthèse et du deck du portefeuille : ses fichiers "
        "ont des erreurs"
    ),
    # --- the workspace's folders ---
    "no_content_folder": (
        "pas de dossier content/ ici : lancez kamdocs dans un espace de travail, passez "
        "-C DOSSIER, ou créez-en un avec 'kamdocs init DOSSIER'"
    ),
    "company_missing": (
        "manquant : décrivez votre société (name, offerings, team) ; voir 'kamdocs init'"
    ),
    "account_folder_name": (
        "le nom du dossier de compte '{slug}' ne doit contenir que a-z, 0-9 et '-'"
    ),
    "account_folder_outside": "le dossier de compte mène hors de content/",
    "account_file_missing": "manquant : chaque dossier de compte a besoin d'un account.yaml",
    "quarter_mismatch": (
        "'{quarter}' diffère du nom du fichier '{stem}' ; renommez le fichier ou corrigez le "
        "trimestre"
    ),
    # --- an account and its reviews ---
    "unknown_objective": "'{objective}' n'est pas un id d'objectif (objectifs : {known})",
    "no_expected_result": (
        "pas d'expected_result : dites ce que l'action doit produire, avec un chiffre"
    ),
    "expected_result_without_figure": (
        "pas de chiffre : donnez un nombre, une unité et une période"
    ),
    "no_target": "pas de cible : un objectif a besoin d'une cible mesurable",
    "swot_without_figure": "pas de chiffre : ajoutez un indicateur quantitatif",
    "duplicate_action_id": "id d'action en double '{id}'",
    "unknown_owner": "'{owner}' n'est ni le KAM, ni un membre de l'équipe, ni un interlocuteur",
    "internal_word": (
        "mentionne '{word}' dans un texte que montrent les éditions client ; marges, coût de "
        "service, attitudes et concurrents restent internes : reformulez, déplacez le texte "
        "dans une rubrique interne (risks, notes) ou marquez l'élément 'audience: internal'"
    ),
    "success_without_figure": (
        "pas de chiffre : dites combien, dans quelle unité et sur quelle période"
    ),
    "incomplete_priority": "une priorité a besoin d'un responsable (owner) et d'une échéance (due)",
    "unknown_action_id": "'{id}' n'est pas un id d'action d'account.yaml",
    # --- a proposal ---
    "unknown_slide": "« {name} » n'est pas une diapositive de la revue ; diapositives : {known}",
    "unknown_contact": "'{contact}' n'est pas un interlocuteur du compte",
    **{key: _OBJECTIVE_GAP + text for key, text in _GAPS.items()},
    "library_language": (
        "'{path}' est écrit en '{language}', la proposition en '{proposal_language}'"
    ),
    "library_review_due": "'{path}' devait être relu le {date}",
    "lang_text_keys": (
        "un texte par langue s'écrit {{fr: ..., en: ...}} avec des valeurs non vides ; reçu {keys}"
    ),
    "lang_text_missing": (
        "pas de texte '{language}' : un document en '{language}' ({used}) imprime le texte "
        "'{home}' ; écrivez-le {{{home}: ..., {language}: ...}}"
    ),
    "vat_note_missing": (
        "un taux de TVA de 0 % exige sa mention légale (par exemple l'article de "
        "l'autoliquidation) : renseignez pricing.vat_note"
    ),
    "no_tender_block": (
        "le mode est tender mais il n'y a pas de bloc tender: (criteria, price_schedule, "
        "requirements)"
    ),
    "criteria_weights": (
        "les pondérations des critères d'attribution font {total}, on attend {expected}"
    ),
    "subcriteria_weights": (
        "les sous-critères de {parent} font {total}, on attend {expected} (la pondération de "
        "{parent})"
    ),
    "no_award_criteria": (
        "pas de critères d'attribution : le mémoire technique ne peut pas suivre le RC, toutes "
        "les parties vont au chapitre Compléments"
    ),
    "duplicate_criterion_id": "id de critère en double '{id}'",
    "part_placed_twice": "'{part}' est déjà placé sous {criterion} ; il n'apparaît que là",
    "several_price_criteria": (
        "plusieurs critères de prix : l'offre financière va sous le premier seulement"
    ),
    "duplicate_requirement_id": "id d'exigence en double '{id}'",
    "cell_too_long": (
        "exigence '{id}' : {length} caractères, plus que les {limit} que contient une cellule "
        "de la grille de conformité ; raccourcissez-la ou placez le détail dans le texte de "
        "la proposition"
    ),
    "eliminatory_not_met": ("l'exigence éliminatoire {id} est {state} : l'offre serait rejetée"),
    "no_justification": (
        "{id} est {state} sans justification : dites ce qui n'est pas couvert, et pourquoi"
    ),
    "no_section": (
        "{id} n'a pas de section : nommez la partie ou le critère qui y répond ({sections})"
    ),
    "unknown_section": (
        "'{section}' n'est pas une section de cette proposition ; sections : {sections}"
    ),
    "unknown_criterion": "'{criterion}' n'est pas un id de critère (critères : {known})",
    "deadline_passed": "la date limite {deadline} est passée (à la date du {today})",
    "validity_differs": (
        "diffère de la validité du RC (date limite + {days} jours = {until}), qui est retenue"
    ),
    "dqe_mismatch": (
        "le total du DQE {dqe} diffère de notre total HT {ours} de {gap} : le bordereau et "
        "pricing.lines doivent concorder"
    ),
    "page_limit_counted": (
        "le mémoire technique fait {pages} pages (comptées avec LibreOffice), au-delà de la "
        "limite du RC de {limit}"
    ),
    "page_limit_estimated": (
        "le mémoire technique fait {pages} pages (estimation ; 'kamdocs proposal COMPTE ID "
        "--check' les compte), au-delà de la limite du RC de {limit}"
    ),
    # --- checking a document ---
    "pages_not_counted": (
        "impossible de compter les pages du mémoire technique : '{program}' (LibreOffice) "
        "introuvable ; installez le paquet libreoffice-writer-nogui (les pages sont estimées)"
    ),
    "not_checked": "{error}",
    "leak": (
        "valeur interne trouvée dans l'édition client {document}, {where} : '{excerpt}' ; les "
        "éditions client ne la montrent jamais : retirez-la du texte visible du client qui la "
        "reprend, ou marquez cet élément 'audience: internal'"
    ),
    # --- the command line ---
    "no_workspace_folder": "{path} : pas de dossier d'espace de travail à cet endroit",
    "company_has_errors": "{path} : contient des erreurs ; lancez 'kamdocs check'",
    "unknown_document_kind": "type de document inconnu '{name}' ; types : {known}",
    "unknown_account": "compte inconnu '{slug}' ; comptes de cet espace : {known}",
    "unknown_account_new": "compte inconnu '{slug}' ; comptes : {known}",
    "unknown_proposal": (
        "proposition inconnue '{proposal}' pour le compte '{slug}' ; propositions de ce "
        "compte : {known}"
    ),
    "unknown_audience": "public inconnu '{audience}' ; publics : {known}",
    "no_review_file": (
        "le compte '{slug}' n'a pas de fichier de revue ; ajoutez content/accounts/{slug}/"
        "reviews/AAAA-Tn.yaml (par exemple avec 'kamdocs new review {slug} TRIMESTRE')"
    ),
    "unknown_quarter": (
        "pas de revue pour le trimestre '{quarter}' du compte '{slug}' ; trimestres "
        "disponibles : {known}"
    ),
    "bad_slug": "'{slug}' : un nom de compte n'utilise que a-z, 0-9 et '-'",
    "bad_quarter": "'{quarter}' : on attend un trimestre comme 2026-Q3",
    "bad_proposal_id": "'{proposal}' : un id de proposition n'utilise que lettres, chiffres et '-'",
    "file_exists": "{path} : existe déjà ; choisissez un autre nom ou modifiez ce fichier",
    "file_locked": (
        "{path} : impossible de remplacer le fichier ; est-il ouvert dans un autre programme "
        "(Word, PowerPoint) ? Fermez-le et relancez ; le fichier précédent est conservé."
    ),
    "soffice_not_found": (
        "'{program}' introuvable. LibreOffice est nécessaire pour les PDF : installez-le, par "
        "exemple 'apt-get install -y libreoffice-writer-nogui libreoffice-impress-nogui'"
    ),
    "soffice_failed": "LibreOffice a échoué : {error}",
    "soffice_timeout": "LibreOffice a mis plus de {seconds} s",
    "soffice_no_pdf": "{path} : LibreOffice n'a produit aucun PDF",
    "reference_not_found": "{path} : fichier de référence introuvable",
    "no_template_file": "pas de {path} dans les dossiers de modèles",
    "reference_unreadable": "{path} : fichier de référence illisible : {error}",
    "bad_as_of": "on attend une date comme 2026-09-30, pas {value}",
    "bad_source_date_epoch": (
        "SOURCE_DATE_EPOCH doit être un nombre entier de secondes, pas {value}"
    ),
    "wrote": "écrit : {path}",
    "output_unwritable": (
        "les messages de la commande n'ont pas pu être écrits là où ils vont ({error}) : "
        "libérez de la place ou envoyez-les ailleurs, puis relancez-la"
    ),
    "watch_watching": "surveillance de {paths} (Ctrl-C pour arrêter)",
    "watch_rebuilt": "{path} reconstruit en {ms} ms",
    "watch_failed": "non reconstruit : {what} ; le fichier précédent reste",
    "watch_done": (
        "{built} reconstruit(s), {failed} en échec ; en attente du prochain enregistrement"
    ),
    "watch_stopped": "surveillance arrêtée",
    "check_account": (
        "{slug} : {state} — {name} ; {reviews} revue(s), {proposals} proposition(s) ; "
        "{errors} erreur(s), {warnings} avertissement(s)"
    ),
    "check_total": "{accounts} compte(s) : {errors} erreur(s), {warnings} avertissement(s)",
    "proposal_total": "{proposal} : {errors} erreur(s), {warnings} avertissement(s)",
    # --- tender answers a buyer can score ---
    "empty_criterion": (
        "le critère {id} « {name} » ({weight} points) ne reçoit aucun contenu : donnez-lui des "
        "parties ou une réponse ; parties qui pourraient le remplir : {parts}"
    ),
    # --- la matrice que suit l'évaluateur et le dossier de dépôt ---
    "unknown_annex_cited": (
        "{id} cite l'annexe {n}, mais le document compte {count} annexe(s) numérotée(s) : "
        "citez l'une d'elles, ou donnez le fichier en preuve {{text, annex}}"
    ),
    "requirement_not_mentioned": (
        "{id} est déclarée conforme, mais la section qui y répond ({section}) ne cite ni "
        "« {id} » ni ses termes clés ({terms}) : dites-y comment elle est satisfaite"
    ),
    "pack_too_large": (
        "le dossier pèse {size} Mo, au-delà de la limite de {limit} Mo de la plateforme : "
        "allégez les annexes ou interrogez l'acheteur"
    ),
    "required_piece_missing": (
        "pièce exigée « {piece} » manquante : « {path} » n'est ni un fichier de content/ ni "
        "l'un de memoire, compliance, price_schedule ; ajoutez le fichier avant la date limite"
    ),
    "pack_needs_tender": (
        "{proposal} : --pack construit le dossier de dépôt d'un appel d'offres ; cette "
        "proposition n'est pas en mode tender"
    ),
    "pack_unsafe_target": "{path} : {why} ; choisissez un autre dossier pour le dépôt",
    "unknown_pattern_field": (
        "file_pattern cite le champ « {name} », qui n'est pas l'un de reference, lot, piece, "
        "company ; corrigez le modèle"
    ),
    "pack_written": "dossier de dépôt écrit dans {path} : {files} fichier(s), {size} Mo",
    "no_signatory": (
        "pas de tender.signatory : la réponse est signée par la personne qui signe l'acte "
        "d'engagement ; donnez son nom et sa fonction"
    ),
    "firm_lines_beside_schedule": (
        "{n} ligne(s) de prix ferme(s) à côté du bordereau de l'acheteur (total {dqe}) : le "
        "bordereau est l'offre financière et l'emporte ; ne gardez ici que les options et les "
        "conditions de paiement"
    ),
    "vat_rate_contradicts_country": (
        "un taux de TVA de {rate} est indiqué pour un client établi en {country}, où {expected}"
    ),
    # --- numbers that make sense ---
    "ratio_without_percent": (
        "{value} n'est pas une fraction entre 0 et 1 ; écrivez {value}% pour un pourcentage, "
        "ou {fraction} en fraction"
    ),
    "ratio_out_of_range": "doit être entre {low} et {high}, et vaut {value}",
    "negative_amount": "un montant ne peut pas être négatif ici, et vaut {value}",
    "negative_total": (
        "le total HT du tableau de prix vaut {total}, sous zéro ; vérifiez les prix unitaires "
        "des lignes d'avoir"
    ),
    "too_many_decimals": (
        "{value} a plus de décimales que les {decimals} de la devise ; arrondissez-le pour que "
        "le total tombe juste"
    ),
    # --- imports and freshness ---
    "import_bad_date": "date attendue ({format}, ou ISO 2026-09-30), trouvé « {value} »",
    "import_bad_amount": "montant attendu, trouvé « {value} »",
    "import_bad_probability": ("probabilité attendue (0-100, ou 0-1, ou 40%), trouvé « {value} »"),
    "import_unknown_stage": (
        "étape inconnue « {value} » ; associez-la à l'une de {stages} sous values.stage d'un "
        "fichier de correspondance (--mapping)"
    ),
    "import_missing_columns": (
        "pas un export {preset} que kamdocs sait lire : {kind} demande les colonnes {missing}"
    ),
    "mapping_bad": "{what}",
    "mapping_unknown_field": "colonne « {name} » : champ inconnu « {target} » ; champs : {fields}",
    "stale_contact": (
        "{name} ({role}) contacté(e) pour la dernière fois le {since}, il y a {days} jours "
        "(au-delà de freshness.contact_days : {limit})"
    ),
    "never_contacted": "{name} ({role}) : aucun contact enregistré (last_contact ou interactions)",
    "stale_close": (
        "l'opportunité ouverte « {name} » devait se conclure le {close} : mettez à jour sa date "
        "de clôture ou son étape"
    ),
    "stale_review": (
        "la dernière revue est {quarter}, antérieure au trimestre précédent {previous} : tenez "
        "ou enregistrez la revue"
    ),
    "stale_plan": "le plan devait être révisé le {date} (plan.next_revision)",
    # --- the follow-up between reviews ---
    "no_recipients": (
        "pas de cadence.recipients : l'e-mail de suivi est adressé à un destinataire à "
        "compléter ; nommez les interlocuteurs qui le reçoivent"
    ),
    "unknown_recipient": (
        "« {name} » n'est pas un interlocuteur de ce compte (interlocuteurs : {known})"
    ),
    "recipient_without_email": (
        "{name} reçoit l'e-mail de suivi mais n'a pas d'email : l'e-mail montre une adresse à "
        "compléter"
    ),
    "owner_without_email": (
        "le compte n'a pas d'e-mail de responsable : l'expéditeur de l'e-mail de suivi est à "
        "compléter"
    ),
    "unknown_attendee": (
        "« {name} » n'est ni un interlocuteur ni un membre de notre équipe ({known})"
    ),
    "trust_without_evidence": (
        "la note du levier « {lever} » n'a pas de preuve : donnez le fait qui la fonde"
    ),
    "trust_stale": (
        "la dernière note du levier « {lever} » ({date}) date de plus de deux trimestres au "
        "{today} : notez-le à nouveau"
    ),
    "trust_undated": (
        "la note du levier « {lever} » n'a pas de date : dites quand elle a été donnée"
    ),
}
