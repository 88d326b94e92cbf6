"""What every key of the content format means: the one source of the JSON Schema's
descriptions and examples (`workspace/schema.py`) and of docs/reference.md
(`workspace/reference.py`, written by tools/write_reference.py).

Kept apart from model.py so that a field can be added there without touching this file in
the same change; tests/test_reference.py fails until the new field is described here.
Descriptions are written for a key account manager: what the key is for, its unit, and
what it changes in the documents. Types, allowed values, bounds, defaults and audience come
from the model itself.
"""

from __future__ import annotations

from typing import Any

from kamdocs.valueclass import valueclass


@valueclass(frozen=True)
class Doc:
    """One key: what it means, its unit (when the number has one), an example value."""

    text: str
    unit: str = ""
    example: Any = None


def d(text: str, example: Any = None, unit: str = "") -> Doc:
    return Doc(text, unit, example)


# How a counted unit is written (templating/plurals.py).
_SINGULAR_UNIT = (
    "in the singular (semaine, paire, heure ouvrée) or as a symbol (%, h, EUR): a figure of 2 "
    "or more in French, of any value but 1 in English, prints it in the plural."
)
_AUDIENCE = d(
    "Who may see this item: client (the default) or internal (never in a client edition).",
    "internal",
)
_EXTRA = d(
    "Data of your own, for your own templates; kamdocs passes it on untouched.",
    {"segment": "A"},
)

FIELDS: dict[str, dict[str, Doc]] = {
    # --- kamdocs.yaml ---------------------------------------------------------------------
    "Freshness": {
        "contact_days": d(
            "A decision maker or budget holder not contacted for longer is stale.", 90, "days"
        ),
    },
    "Settings": {
        "format": d(
            "Version of the content format the workspace is written in: 1, or 1.1 for a "
            "workspace using the keys added in 1.1.",
            "1",
        ),
        "language": d(
            "Language of the documents (when an account or proposal does not set its own) "
            "and, when written here, of kamdocs' messages.",
            "fr",
        ),
        "currency": d("Currency of every amount, as an ISO code.", "EUR"),
        "vat_rate": d("Default VAT rate of proposals (TVA).", "20%"),
        "fiscal_year_start": d(
            "Month the fiscal year starts in (1 = January); quarters follow it.", 1, "month"
        ),
        "confidentiality": d("Labels that replace the default confidentiality mentions."),
        "selection_threshold": d(
            "Selection score from which an account is a key account.", 60, "points (0-100)"
        ),
        "selection_weights": d("Weights of the three selection criteria."),
        "health_weights": d("Weights of the components of the account health score."),
        "styles": d(
            "Your corporate style names, by kamdocs style, for your Word reference file.",
            {"heading_1": "Titre 1"},
        ),
        "soffice": d("LibreOffice program used for PDF output and page counts.", "soffice"),
        "matrix_split": d(
            "Where the portfolio matrix splits each axis: the chart draws its quadrant lines "
            "there, and an account whose score equals it counts as high on that axis.",
            50,
            "points (0-100)",
        ),
        "output_dir": d(
            "Folder of the documents kamdocs writes, relative to the workspace and outside "
            "content/ and templates/ (default build, a name packaging tools also use).",
            "out",
        ),
        "tender_mapping": d(
            "Words that send a tender criterion to a proposal part, added to the default "
            "table: {part: [words]}.",
            {"references": ["expérience", "références"]},
        ),
        "freshness": d("When data counts as stale: {contact_days: 90}."),
    },
    "Confidentiality": {
        "internal": d("Mention printed on internal documents.", "Usage interne"),
        "client": d("Mention printed on client documents.", "Confidentiel"),
    },
    "SelectionWeights": {
        "financial": d("Weight of financial potential in the selection score.", 0.40),
        "strategic": d("Weight of strategic alignment in the selection score.", 0.35),
        "maturity": d("Weight of relationship maturity in the selection score.", 0.25),
    },
    "HealthWeights": {
        "revenue": d("Points for revenue against target, year to date.", 20, "points"),
        "growth": d("Points for growth against last year.", 10, "points"),
        "pipeline": d("Points for pipeline coverage of the gap to target.", 15, "points"),
        "satisfaction": d("Points for satisfaction (NPS).", 20, "points"),
        "breadth": d("Points for the breadth of the relationship.", 15, "points"),
        "execution": d("Points for actions done or on track.", 10, "points"),
        "risk": d("Points for the absence of open high-impact risks.", 10, "points"),
    },
    # --- content/company.yaml ---------------------------------------------------------------
    "Company": {
        "name": d(
            "Your company's name, on every document; may be written per language, "
            "{fr: ..., en: ...}.",
            "Exemple Solutions SAS",
        ),
        "logo": d("Your logo, a path inside content/.", "logo.png"),
        "address": d(
            "Your address, on proposals; may be written per language, {fr: ..., en: ...}.",
            "12 rue de l'Exemple, 69002 Lyon",
        ),
        "legal": d(
            "Your legal mention (form, capital, registration); may be written per language, "
            "{fr: ..., en: ...}: a document prints its language's text (check warns when a "
            "language an account or proposal is written in has none).",
            "SAS au capital de …",
        ),
        "offerings": d(
            "What you sell; the columns of the whitespace matrix. A name may be written per "
            "language, {fr: Formation, en: Training}: accounts name an offering in the "
            "workspace's language, documents print it in theirs.",
            ["Logistique", {"fr": "Formation", "en": "Training"}],
        ),
        "team": d("Your people, who may be named in accounts and proposals."),
        "references": d("Comparable projects you may cite; the default of every proposal."),
        "sla": d("Service levels you offer by default; the default guarantees of proposals."),
    },
    "TeamMember": {
        "name": d("The person's full name.", "Claire Martin"),
        "role": d("Their role, as printed.", "Responsable grands comptes"),
        "function": d(
            "Their function (sales, delivery, executive…); pairs them with the client's people.",
            "sales",
        ),
        "cv": d("Their CV, a Markdown file inside content/.", "library/cv-claire-martin.md"),
        "sponsor": d("Whether this person is the executive sponsor of the account.", False),
        "email": d("Their e-mail address.", "claire.martin@example.com"),
    },
    "Reference": {
        "client": d("The client of the reference project.", "Laiterie du Nord"),
        "project": d("What the project was.", "Entrepôt frais"),
        "year": d("The year it was done.", 2024),
        "result": d("What it achieved, with a figure (md).", "-18 % de coûts logistiques"),
    },
    "ServiceLevel": {
        "metric": d("What is measured.", "Disponibilité"),
        "commitment": d("The level promised.", "99.5%"),
        "measurement": d("How and how often it is measured.", "mensuelle"),
        "penalty": d("What happens when it is missed.", "5% de la redevance"),
    },
    # --- account.yaml ------------------------------------------------------------------------
    "Account": {
        "name": d("The client's name.", "Fromageries Dupré SA"),
        "language": d("Language of this account's documents.", "fr"),
        "sector": d("The client's business sector.", "Agroalimentaire"),
        "group": d("The group the client belongs to.", "Groupe Dupré"),
        "headquarters": d("Where the client's head office is.", "Rennes"),
        "client_since": d("When the client first bought from you.", "2019-03-01"),
        "main_contact": d("The client's main contact, a stakeholder name.", "Sophie Leroy"),
        "owner": d("The key account manager (KAM) in charge."),
        "team": d("Your account team for this client."),
        "plan": d("The plan's version, date, status and client validation."),
        "strategy": d("The few choices behind the objectives."),
        "purchasing_process": d("How the client buys: steps, people, calendar (md)."),
        "selection": d("Scores of the key-account selection, 0-10 each."),
        "selection_override": d("A judgement that overrides the selection score, with why."),
        "classification": d("Factor scores of the portfolio matrix, 0-10 each."),
        "relationship_stage": d("How deep the relationship is today.", "cooperative"),
        "target_stage": d("The stage the plan aims for.", "interdependent"),
        "revenue": d("Your revenue with this client: history and targets."),
        "wallet": d("The client's total spend in your categories (share of wallet)."),
        "market": d("The client's own market: products, volumes, trends."),
        "news": d("Recent news about the client."),
        "goals": d(
            "The client's own goals and challenges, one text each (md).",
            ["Réduire les ruptures en rayon frais de 30 %"],
        ),
        "objectives": d("Your 12-month objectives with this account, each measurable."),
        "stakeholders": d("The people who matter in the client's decisions (5-10)."),
        "interactions": d("A log of contacts: who met whom, when."),
        "swot": d("Strengths, weaknesses, opportunities and threats of your position."),
        "competitors": d("Your competitors at this client."),
        "offer": d("Your value proposition for this client."),
        "whitespace": d("Which offering is sold to which business unit of the client."),
        "opportunities": d("Deals in progress with this client."),
        "actions": d("The action plan: who does what, by when."),
        "risks": d("Risks to the account and how you mitigate them."),
        "cadence": d("The rhythm of follow-up, and the next meetings."),
        "extra": _EXTRA,
        "example": d(
            "An example account (kamdocs init writes one): its documents build, but the "
            "portfolio leaves it out. Delete the line to count the account.",
            True,
        ),
        "country": d(
            "Where the client's buying entity is established (ISO 3166 code); decides the VAT "
            "of proposals.",
            "DE",
        ),
        "crm_id": d(
            "The record's id in the CRM it was imported from; imports match on it.", "0015g00000XyZ"
        ),
        "trust": d("Ratings of the six trust levers (0-3), with evidence and date; internal."),
    },
    "Person": {
        "name": d("The person's name.", "Claire Martin"),
        "email": d("Their e-mail address.", "claire.martin@example.com"),
        "title": d("Their job title.", "Key account manager"),
    },
    "Plan": {
        "version": d("The plan's version number.", 3),
        "date": d("The date of this version.", "2026-01-15"),
        "status": d("Where the plan is in its approval.", "approved"),
        "validated_by_client": d("Who at the client validated the plan, and when."),
        "next_revision": d("When the plan is due to be revised (freshness).", "2027-01-15"),
    },
    "ClientValidation": {
        "name": d("The client's person who validated the plan.", "Sophie Leroy"),
        "date": d("When they validated it.", "2026-02-10"),
    },
    "Strategy": {
        "choices": d("The strategic choices, one text each (md).", ["Fournisseur unique"]),
        "assumptions": d("What the choices assume, one text each (md).", ["Volumes +5 %"]),
        "resources_requested": d("What you ask your management for (md).", ["Un chef de projet"]),
    },
    "Selection": {
        "financial": d("Financial potential: revenue, potential, margin.", 8, "score 0-10"),
        "strategic": d("Strategic alignment with your company.", 7, "score 0-10"),
        "maturity": d("Relationship maturity: will to share and plan jointly.", 5, "score 0-10"),
    },
    "SelectionOverride": {
        "key_account": d("Whether the account is a key account whatever its score.", True),
        "reason": d("Why judgement overrides the score.", "Référence stratégique du secteur"),
    },
    "Classification": {
        "attractiveness": d(
            "How attractive the account is to you, by factor of your choosing.",
            {"potential": 8, "strategic_fit": 7},
            "score 0-10",
        ),
        "strength": d(
            "How strong you are as the client sees it, by factor.",
            {"share_of_wallet": 5, "relationship": 7},
            "score 0-10",
        ),
        "weights": d("Weights of the factors; equal by default."),
        "competitor_strength": d(
            "The best competitor's scores on the strength factors.",
            {"relationship": 6},
            "score 0-10",
        ),
    },
    "ClassificationWeights": {
        "attractiveness": d("Weight of each attractiveness factor.", {"potential": 0.5}),
        "strength": d("Weight of each strength factor.", {"relationship": 0.5}),
    },
    "Revenue": {
        "history": d("Revenue by year or quarter."),
        "targets": d(
            "Revenue targets by year or quarter.", {"2026": 2000000}, "currency of the workspace"
        ),
    },
    "RevenueEntry": {
        "period": d("A year or a quarter.", "2025-Q4"),
        "amount": d("Revenue of the period.", 455000, "currency of the workspace"),
        "margin": d("Your margin rate on it.", "31%"),
        "cost_to_serve": d("What serving the client cost you.", 140000, "currency"),
    },
    "Wallet": {
        "total_spend": d("The client's spend in your categories.", 5200000, "currency"),
        "period": d("The year or quarter that spend is for.", 2025),
    },
    "MarketLine": {
        "product": d("A product or category of the client's market.", "Fromages AOP"),
        "volume": d("Its volume, in `unit`.", 1200),
        "unit": d("Unit of the volume.", "t"),
        "value": d("Its value.", 14500000, "currency"),
        "trend": d("Its yearly growth.", "4%"),
        "source": d("Where the figures come from.", "Panel 2025"),
        "date": d("When the figures were published.", "2026-03-01"),
    },
    "NewsItem": {
        "date": d("When it happened.", "2026-06-12"),
        "text": d("What happened (md).", "Rachat d'un concurrent régional"),
        "impact": d("What the news means for you (md).", "Volumes +15 % attendus"),
        "audience": _AUDIENCE,
    },
    "Objective": {
        "id": d("A short id that actions refer to.", "O1"),
        "title": d("The objective, in one sentence (md).", "Augmenter le CA de 10 %"),
        "kpi": d("The indicator that measures it.", "CA annuel"),
        "unit": d(
            "Unit of baseline and target, written " + _SINGULAR_UNIT,
            "paire",
        ),
        "baseline": d("Where the indicator starts.", 1820000, "the objective's unit"),
        "target": d("Where it should be by `due`.", 2000000, "the objective's unit"),
        "due": d("When the target is due.", "2026-12-31"),
        "budget": d("What reaching it may cost you.", 40000, "currency"),
        "client_goal": d("The client goal it serves.", "Réduire les ruptures"),
        "audience": _AUDIENCE,
        "current": d(
            "The KPI's latest value (else the latest review's KPI of that name).", 1880000
        ),
    },
    "Stakeholder": {
        "name": d("The person's full name.", "Sophie Leroy"),
        "title": d("Their job title.", "Directrice des achats"),
        "unit": d("Their business unit or department.", "Achats"),
        "function": d("Their function, to pair them with yours.", "purchasing"),
        "roles": d("Their roles in buying decisions.", ["decision_maker", "budget_holder"]),
        "attitude": d("Their attitude towards you.", "champion"),
        "relationship": d(
            "How strong your relationship is: red (weak), orange (good), green (strong).",
            "green",
        ),
        "influence": d("Their influence on the decision.", 5, "1 (low) to 5 (high)"),
        "our_contact": d("Who on your side knows them best.", "Claire Martin"),
        "last_contact": d("When you last met or spoke.", "2026-09-20"),
        "channel": d("How you usually reach them.", "visite"),
        "stake": d("What your offer means to this person (md).", "Réduire ses coûts de 5 %"),
        "notes": d("Professional facts only (md).", "Sensible au coût total"),
        "extra": _EXTRA,
        "crm_id": d(
            "The record's id in the CRM it was imported from; imports match on it.", "0015g00000XyZ"
        ),
        "email": d(
            "The person's e-mail; client-safe, status e-mails go to it.", "sophie.leroy@example.com"
        ),
    },
    "Interaction": {
        "date": d("When it happened.", "2026-09-20"),
        "ours": d("Your person.", "Claire Martin"),
        "theirs": d("The client's person.", "Sophie Leroy"),
        "channel": d("How (visit, call, e-mail).", "visite"),
        "our_function": d("Your person's function, when not in the team list.", "sales"),
        "crm_id": d(
            "The record's id in the CRM it was imported from; imports match on it.", "0015g00000XyZ"
        ),
    },
    "Swot": {
        "strengths": d("Your strengths at this client."),
        "weaknesses": d("Your weaknesses."),
        "opportunities": d("Opportunities for you."),
        "threats": d("Threats to your position."),
    },
    "SwotItem": {
        "dimension": d("Where it goes in the marketing-mix table.", "product_range"),
        "text": d("The point itself (md).", "Gamme complète en AOP"),
        "indicator": d("A figure that supports it.", "42 références"),
    },
    "Competitor": {
        "name": d("The competitor's name.", "Concurrent A"),
        "share": d("Their share of the client's spend.", "30%"),
        "position": d("Their position (incumbent, challenger…).", "incumbent"),
        "strengths": d("Their strengths (md).", "Prix bas"),
        "weaknesses": d("Their weaknesses (md).", "Service"),
        "moves": d("What they are doing lately (md).", "Nouvelle usine"),
    },
    "Offer": {
        "summary": d("Your offer in a few lines (md).", "Notre offre couvre 80 % des flux."),
        "value_points": d("What the client gains, one text each (md).", ["Livraison J+1"]),
        "roi": d("The return on investment for the client."),
    },
    "Roi": {
        "investment": d("What the client invests.", 120000, "currency"),
        "annual_gain": d("What the client gains each year.", 310000, "currency"),
        "horizon_years": d("Over how many years the return is counted.", 3, "years"),
        "assumptions": d("What the gain assumes (md); a gain without it is not shown.", "…"),
        "source": d("Where the figures come from.", "Étude client 2026"),
    },
    "Whitespace": {
        "business_units": d("The client's business units: the rows.", ["Frais", "Export"]),
        "cells": d("What is sold, in pipeline or possible, per offering and unit."),
    },
    "WhitespaceCell": {
        "offering": d("One of your offerings (company.yaml).", "Logistique"),
        "unit": d("One of the client's business units.", "Frais"),
        "state": d("Where that pair stands.", "sold"),
        "note": d("A short note.", "Contrat 2025-2027"),
    },
    "Opportunity": {
        "name": d("The deal's name.", "Entrepôt Export"),
        "unit": d("The client's business unit.", "Export"),
        "offering": d("Your offering it is about.", "Logistique"),
        "stage": d("Where the deal stands.", "proposal"),
        "amount": d("What it is worth.", 250000, "currency"),
        "probability": d("The chance to win it.", "40%"),
        "close": d("When it should be decided.", "2026-11-30"),
        "owner": d("Who leads it on your side.", "Claire Martin"),
        "next_step": d("What happens next (md).", "Soutenance"),
        "extra": _EXTRA,
        "audience": _AUDIENCE,
        "crm_id": d(
            "The record's id in the CRM it was imported from; imports match on it.", "0015g00000XyZ"
        ),
        "updated_on": d(
            "When the opportunity last changed (freshness of the pipeline).", "2026-10-02"
        ),
    },
    "Action": {
        "id": d("A short id that reviews refer to.", "A1"),
        "objective": d("The objective it serves, by id.", "O1"),
        "action": d("What is to be done (md).", "Atelier co-innovation avec la R&D"),
        "owner": d("Who does it: the KAM, a team member or a stakeholder.", "Claire Martin"),
        "due": d("By when.", "2026-10-15"),
        "expected_result": d("What it should achieve, with a figure (md).", "2 pistes chiffrées"),
        "status": d("Where it stands.", "on_track"),
        "extra": _EXTRA,
        "audience": _AUDIENCE,
        "done_on": d("When the action was done.", "2026-10-14"),
        "updated_on": d("When its status or due date last changed.", "2026-10-20"),
        "previous_due": d("The due date before the last change.", "2026-11-30"),
    },
    "Risk": {
        "text": d("The risk (md).", "Changement de directeur des achats"),
        "likelihood": d("How likely it is.", "medium"),
        "impact": d("How much it would hurt.", "high"),
        "mitigation": d("What you do about it (md).", "Rencontrer le successeur"),
        "owner": d("Who watches it.", "Claire Martin"),
        "status": d("Whether it is still open.", "open"),
    },
    "Cadence": {
        "email": d("How often you write a status e-mail.", "biweekly"),
        "call": d("How often you call.", "monthly"),
        "review": d("How often you hold a business review.", "quarterly"),
        "next_meetings": d("The meetings planned."),
        "recipients": d(
            "Names of the stakeholders who receive the status e-mail.", ["Sophie Leroy"]
        ),
    },
    "Meeting": {
        "date": d("When.", "2026-10-08"),
        "kind": d("What kind of meeting (review, call, visit…).", "review"),
        "note": d("A short note.", "Sur site"),
        "audience": _AUDIENCE,
        "attendees": d("Who attends, ours and theirs.", ["Sophie Leroy", "Claire Martin"]),
    },
    "TextItem": {
        "text": d("The text (md).", "Baisse des ruptures de 12 %"),
        "audience": _AUDIENCE,
    },
    # --- reviews/<YYYY-Qn>.yaml ---------------------------------------------------------------
    "Commitment": {
        "commitment": d("What we said we would do.", "Livrer le tableau de bord fiabilité"),
        "outcome": d("done, in_progress or dropped.", "done"),
        "note": d("A word on the outcome.", "Livré le 12 octobre"),
        "audience": d("client (the default) or internal: internal ones stay off the deck."),
    },
    "TrustRating": {
        "lever": d(
            "whole_client, satisfaction, information, novelty, programmes or co_creation.",
            "information",
        ),
        "rating": d("0 (absent) to 3 (strong).", 2),
        "evidence": d("The fact behind the rating.", "Revue mensuelle partagée des incidents"),
        "date": d("When the rating was given.", "2026-10-01"),
    },
    "Review": {
        "quarter": d("The quarter reviewed; equals the file name.", "2026-Q3"),
        "date": d("When the review meeting takes place.", "2026-10-08"),
        "attendees": d("Who attends, ours and theirs.", ["Sophie Leroy", "Claire Martin"]),
        "kpis": d("The indicators reviewed, with target and actual."),
        "successes": d("What went well, with figures, one text each (md).", ["Quai export"]),
        "obstacles": d("What went wrong, one text each (md).", ["Retards de paiement"]),
        "new_opportunities": d("New openings, one text each (md).", ["AO emballage 2027"]),
        "decisions_needed": d("Decisions you ask the client for."),
        "slide_titles": d(
            "Your own title for a slide of the deck, replacing its computed takeaway; keys "
            "are the slide names of the deck template (summary, kpis, revenue, ...).",
            {"revenue": "Un trimestre porté par le frais"},
        ),
        "satisfaction": d("The client's satisfaction (NPS)."),
        "stakeholder_changes": d("Arrivals and departures, one text each (md).", ["Nouveau DSI"]),
        "action_updates": d("New status of the plan's actions, by id."),
        "priorities": d("Priorities for next quarter."),
        "next_review": d("The next review: date and open questions."),
        "extra": _EXTRA,
        "last_quarter": d("What we committed to last quarter, and what came of it."),
    },
    "Kpi": {
        "name": d("The indicator.", "Taux de service"),
        "unit": d(
            "Its unit, written " + _SINGULAR_UNIT,
            "%",
        ),
        "direction": d("Whether higher (up) or lower (down) is better.", "up"),
        "tolerance": d("Gap to target, as a share of it, still shown amber.", "2%"),
        "target": d("The target.", 98.5, "the KPI's unit"),
        "actual": d("The value this quarter.", 97.9, "the KPI's unit"),
        "previous": d("The value last quarter.", 98.2, "the KPI's unit"),
        "last_year": d("The value a year ago.", 96.0, "the KPI's unit"),
        "audience": _AUDIENCE,
    },
    "Decision": {
        "decision": d("The decision asked for (md).", "Valider le pilote export"),
        "why": d("Why it matters now (md).", "Démarrage au T1"),
        "by": d("Who decides.", "Sophie Leroy"),
        "date": d("By when.", "2026-10-31"),
        "status": d("Whether it is still open.", "open"),
        "audience": _AUDIENCE,
    },
    "Satisfaction": {
        "nps": d("Net promoter score this quarter.", 42, "-100 to 100"),
        "previous_nps": d("The score before.", 35, "-100 to 100"),
    },
    "ActionUpdate": {
        "id": d("The action's id in account.yaml.", "A1"),
        "status": d("Its new status.", "done"),
        "comment": d("What happened (md).", "Deux pistes chiffrées"),
    },
    "Priority": {
        "text": d("The priority (md).", "Lancer le pilote export"),
        "owner": d("Who carries it.", "Claire Martin"),
        "due": d("By when.", "2026-12-15"),
        "audience": _AUDIENCE,
    },
    "NextReview": {
        "date": d("When the next review is.", "2027-01-12"),
        "open_questions": d("Questions to answer by then (md).", ["Périmètre 2027"]),
    },
    # --- proposals/<id>.yaml ------------------------------------------------------------------
    "Proposal": {
        "title": d("The proposal's title.", "Plateforme logistique export"),
        "reference": d("Your reference for it.", "PROP-2026-014"),
        "version": d("Its version.", 2),
        "date": d("Its date.", "2026-09-01"),
        "valid_until": d("Until when the offer holds (default: date + 90 days).", "2026-12-01"),
        "language": d("Its language; wins over the account's.", "fr"),
        "mode": d("A standard proposal, or an answer to a public tender.", "standard"),
        "status": d("Whether it is open, won or lost.", "open"),
        "contact": d("The addressee, a stakeholder name.", "Sophie Leroy"),
        "cover_letter": d("The cover letter (md).", "Madame, …"),
        "executive_summary": d("The decision summary, one page (md).", "…"),
        "context": d("The client's situation and need, in your words (md).", "…"),
        "needs": d("The client's needs, each with an id."),
        "objectives": d("Expected results, measurable."),
        "solution": d("How your offer answers each need (md).", "…"),
        "methodology": d("How you will work (md).", {"include": "library/methode-projet.md"}),
        "planning": d("The phases of the project."),
        "team": d("The people on the project."),
        "pricing": d("The price: lines, discount, VAT, payment terms."),
        "roi": d("The client's return on investment."),
        "guarantees": d("Service levels you commit to (default: company.yaml's)."),
        "references": d(
            "Comparable projects (a list, or a text); default: company.yaml's references."
        ),
        "risks": d("Project risks and how you handle them."),
        "next_steps": d("What happens next, dated."),
        "annexes": d("Library blocks appended as annexes.", ["library/certifications.md"]),
        "tender": d("The public tender's data; read in tender mode only."),
        "extra": _EXTRA,
    },
    "Need": {
        "id": d("A short id.", "B1"),
        "text": d("The need (md).", "Réduire les délais export"),
    },
    "Measure": {
        "text": d("The expected result (md).", "Réduire les délais export"),
        "kpi": d("The indicator.", "Délai moyen"),
        "unit": d(
            "Its unit, written " + _SINGULAR_UNIT,
            "jour",
        ),
        "baseline": d("Where it starts: a number or a text.", 6),
        "target": d("Where it should be: a number or a text.", 3),
        "due": d("By when.", "2027-06-30"),
        "measurement": d("How it is measured.", "Export WMS mensuel"),
    },
    "Phase": {
        "phase": d("The phase's name.", "Cadrage"),
        "start": d("When it starts.", "2026-12-01"),
        "end": d("When it ends.", "2026-12-20"),
        "deliverable": d("What it delivers.", "Note de cadrage"),
    },
    "ProposalTeamMember": {
        "name": d("The person's name.", "Hugo Petit"),
        "role": d("Their role on the project.", "Chef de projet"),
        "cv": d("Their CV, a Markdown file inside content/.", "library/cv-hugo-petit.md"),
    },
    "Pricing": {
        "vat_rate": d("VAT rate of the lines (default: the workspace's).", "20%"),
        "vat_note": d("Legal mention, required when a rate is 0.", "Autoliquidation"),
        "payment_terms": d("Payment terms.", "30 jours fin de mois"),
        "global_discount": d("Discount on the total excl. VAT of firm lines.", "3%"),
        "lines": d("The priced lines."),
    },
    "PricingLine": {
        "label": d("What is sold.", "Étude"),
        "quantity": d("How many.", 10, "the line's unit"),
        "unit": d("The unit sold (day, licence…).", "jour"),
        "unit_price": d("Price of one unit, excl. VAT.", 950, "currency"),
        "discount": d("Discount on this line.", "10%"),
        "vat_rate": d("VAT rate of this line, when it differs.", "20%"),
        "recurring": d("Whether it is paid every year or month.", "yearly"),
        "optional": d("An option priced apart, never in the totals.", False),
        "code": d("The buyer's line code, if any.", "1.1"),
        "extra": _EXTRA,
    },
    "ProposalRisk": {
        "text": d("The risk (md).", "Pic saisonnier au démarrage"),
        "mitigation": d("What you do about it (md).", "Renfort de deux préparateurs"),
    },
    "Step": {
        "step": d("The next step (md).", "Soutenance"),
        "date": d("When.", "2026-09-15"),
        "owner": d("Who does it.", "Claire Martin"),
    },
    "Tender": {
        "buyer": d("The public buyer.", "Communauté d'agglomération"),
        "procedure": d("The procedure.", "Appel d'offres ouvert"),
        "reference": d("The buyer's reference of the tender.", "2026-AO-017"),
        "lot": d("The lot answered.", "2"),
        "deadline": d("Deadline for submission, the buyer's local time.", "2026-10-01T12:00"),
        "validity_days": d("How long offers must hold after the deadline.", 120, "days"),
        "page_limit": d("Page limit of the mémoire technique.", 30, "pages"),
        "variants_allowed": d("Whether the RC allows variants.", False),
        "criteria": d("Award criteria from the RC, in its order; weights sum to 100."),
        "price_schedule": d("The buyer's price schedule (BPU/DQE lines)."),
        "requirements": d("The compliance matrix: each requirement and your answer."),
        "signatory": d("Who signs the acte d'engagement for us: {name, title}."),
        "contract_months": d("The contract's term; the ROI is computed over it.", 24, "months"),
        "price_columns": d(
            "The buyer's column order for the price schedule.", ["code", "label", "total"]
        ),
        "required_pieces": d(
            "The pieces the RC requires, checked in the submission pack (proposal --pack)."
        ),
        "file_pattern": d(
            "How the pack's files are named, from {reference}, {lot}, {piece} and {company}.",
            "{reference}_{lot}_{piece}",
        ),
        "max_size_mb": d("The platform's size limit for the whole submission.", 50, "MB"),
    },
    "RequiredPiece": {
        "piece": d("The piece's name, as the RC gives it.", "DC1 signé"),
        "file": d(
            "A file inside content/, or one of the pack's outputs: memoire, compliance, "
            "price_schedule.",
            "library/dc1-signe.pdf",
        ),
    },
    "Evidence": {
        "text": d("The proof you give, as the matrix shows it.", "Certificat ISO 27001"),
        "annex": d(
            "A file inside content/ appended as an annex: a Markdown block in the mémoire, any "
            "other file (a PDF certificate) listed and joined to the submission pack.",
            "library/iso27001.pdf",
        ),
    },
    "Criterion": {
        "id": d("A short id.", "C1"),
        "name": d("The criterion's name in the RC.", "Valeur technique"),
        "weight": d("Its weight; sub-criteria sum to their parent's.", 60, "points"),
        "parts": d("Proposal parts placed under it.", ["solution"]),
        "answer": d("A text written for this criterion (md).", "Une équipe dédiée."),
        "price": d("Whether this is the price criterion.", False),
        "subcriteria": d("Its sub-criteria."),
    },
    "Signatory": {
        "name": d("The signatory's name.", "Élise Fontaine"),
        "title": d("The signatory's title.", "Directrice générale"),
    },
    "PriceScheduleLine": {
        "code": d("The buyer's line code.", "1.1"),
        "label": d("The line's label.", "Préparation de commande"),
        "unit": d("The unit.", "palette"),
        "quantity": d("The buyer's quantity.", 12000),
        "unit_price": d("Your price for one unit, excl. VAT.", 4.85, "currency"),
        "recurring": d("yearly or monthly for a recurring line; one-off when absent.", "monthly"),
        "vat_rate": d("This line's VAT rate, when it differs from the proposal's.", "20%"),
        "optional": d("An option (PSE): priced apart, outside the total.", True),
    },
    "Requirement": {
        "id": d("A short id.", "R-001"),
        "source": d("Where the buyer states it.", "CCTP art. 4.2"),
        "text": d("The requirement, verbatim from the buyer.", "Astreinte 24/7"),
        "eliminatory": d("Whether missing it rejects the offer.", True),
        "criterion": d("The criterion it feeds, by id.", "C1.2"),
        "compliance": d("How far you comply.", "compliant"),
        "justification": d("Why, when partial or non compliant (md).", "…"),
        "section": d("The part or criterion id that answers it.", "solution"),
        "evidence": d(
            "The proof you give: a text, or {text, annex} with a file inside content/ "
            "appended as an annex.",
            "Annexe 3",
        ),
        "owner": d("Who prepares the answer on your side.", "Hugo Petit"),
        "extra": _EXTRA,
    },
}


def doc_of(cls_name: str, field: str) -> Doc | None:
    """Return the description of `field` of model `cls_name`, or None when it has none."""
    return FIELDS.get(cls_name, {}).get(field)
