"""Search over the published regions, conditions, mechanisms and symptoms, by name and synonyms.

Ranking happens here in Python, not in SQL: the database only hands over the texts (five
queries, however much content there is). So accents, case and misspellings are treated the same
way on SQLite and PostgreSQL, and the same query gives the same results on both.
"""

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.urls import reverse

from conditions.models import Condition, Mechanism, ReferralLink, Region, Symptom, lines

# Order of kinds when two entries match equally well: what a reader most likely means first.
KINDS = ("condition", "region", "symptom", "mechanism")
KIND_LABELS = {
    "condition": "Condition",
    "region": "Part of the body",
    "symptom": "Symptom",
    "mechanism": "Mechanism",
}
# Words that carry no meaning in a query like "pain in the neck".
STOPWORDS = frozenset({"a", "an", "and", "the", "of", "in", "on", "my", "to", "at", "with"})
# How people write about where it hurts: "wrist pain", "sore knee", "pain in my lower back",
# "tingling fingers". These words say what is felt, or who feels it, not where: without them
# what is left names the place, which the reader then wants first (its answer lists the rest).
FEELINGS = ("pins and needles",)  # phrases, taken out before the words
# fmt: off
FEELING_WORDS = frozenset({
    "pain", "pains", "painful", "ache", "aches", "aching", "achy", "sore", "soreness", "hurt",
    "hurts", "hurting", "tingling", "tingly", "tingle", "tingles", "numb", "numbness", "stiff",
    "stiffness", "weak", "weakness", "tender", "tenderness", "burning", "throbbing", "shooting",
    "sharp", "dull", "cramp", "cramps", "twinge", "twinges", "discomfort",
})
FILLER_WORDS = frozenset({
    "i", "im", "ive", "have", "has", "got", "get", "feel", "feeling", "it", "its", "is", "very",
    "really", "bad", "badly", "some", "when", "left", "right", "both",
})
# fmt: on
PLACE_THRESHOLD = 70.0  # every remaining word starts a word of the place's name or synonym
FUZZY_THRESHOLD = 0.8  # "carpel" ~ "carpal" is 0.83; "leg" ~ "log" never gets here (too short)
MIN_FUZZY_LENGTH = 4
MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class Entry:
    """One thing a reader can find, with every text it can be found by (its name first)."""

    kind: str
    slug: str
    name: str
    url: str
    terms: tuple[str, ...]
    summary: str = ""
    # A condition's places: (region slug, prominence of its most prominent link there, 1 the
    # most), so "wrist pain" can list the wrist's conditions, the wrist's main ones first.
    places: tuple[tuple[str, int], ...] = ()

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class Result:
    entry: Entry
    score: float
    matched: str  # the name or synonym that matched, as the content spells it

    @property
    def matched_synonym(self) -> str:
        """The synonym that matched, when it was not the name ("sciatic" for Sciatica)."""
        return "" if self.matched == self.entry.name else self.matched


def normalise(text: str) -> str:
    """Lowercase, without accents or punctuation: "Sciàtica!" → "sciatica"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in bare).split())


def _meaningful(words: list[str]) -> list[str]:
    kept = [w for w in words if w not in STOPWORDS]
    return kept or words


def _similar(a: str, b: str) -> float:
    """SequenceMatcher's ratio when it can reach FUZZY_THRESHOLD, else 0. Its two cheap upper
    bounds rule out most pairs first: a long query against every term word was most of the
    cost of a long search."""
    matcher = SequenceMatcher(None, a, b)
    if matcher.real_quick_ratio() < FUZZY_THRESHOLD or matcher.quick_ratio() < FUZZY_THRESHOLD:
        return 0.0
    return matcher.ratio()


def _word_fuzzy(query_word: str, term_words: list[str]) -> float:
    """How well one query word matches the best word of a term (0 when not at all)."""
    best = 0.0
    for word in term_words:
        if word == query_word:
            return 1.0
        if word.startswith(query_word):
            best = max(best, 0.95)
        elif len(query_word) >= MIN_FUZZY_LENGTH and len(word) >= MIN_FUZZY_LENGTH - 1:
            # Compare with the start of a longer word too: "sciatc" against "sciatica".
            ratio = max(_similar(query_word, word), _similar(query_word, word[: len(query_word)]))
            if ratio >= FUZZY_THRESHOLD:
                best = max(best, ratio)
    return best


def score_term(query: str, term: str) -> float:
    """How well a normalised query matches one normalised term: 0 (no match) to 100 (exact)."""
    if not query or not term:
        return 0.0
    if query == term:
        return 100.0
    if term.startswith(query):
        return 90.0
    if f" {query} " in f" {term} ":
        return 80.0
    query_words = list(dict.fromkeys(_meaningful(query.split())))
    term_words = term.split()
    if all(any(w.startswith(q) for w in term_words) for q in query_words):
        return 70.0
    if len(query) >= 3 and query in term:
        return 60.0
    # Forgiving of misspellings: every meaningful word close to a word of the term.
    ratios = []
    for word in query_words:
        ratio = _word_fuzzy(word, term_words)
        if not ratio:
            break  # one word matching nothing: no need to try the others
        ratios.append(ratio)
    else:
        return 40.0 + 20.0 * sum(ratios) / len(ratios)
    whole = _similar(query, term)
    if len(query) >= MIN_FUZZY_LENGTH and whole >= FUZZY_THRESHOLD:
        return 40.0 + 20.0 * whole
    return 0.0


def _best_term(wanted: str, entry: Entry, scorer=score_term) -> tuple[float, str]:
    best, matched = 0.0, ""
    for i, term in enumerate(entry.terms):
        score = scorer(wanted, normalise(term))
        if score and i == 0:
            score += 5  # the name beats a synonym that matches equally well
        if score > best:
            best, matched = score, term
    return best, matched


def place_words(wanted: str) -> str:
    """What is left of a normalised query that also says what is felt: "pain in my lower back"
    → "lower back", "tingling fingers" → "fingers". Empty when the query says no feeling (it
    is then matched whole) or nothing else."""
    for phrase in FEELINGS:
        wanted = f" {wanted} ".replace(f" {phrase} ", " feeling ").strip()
    words = wanted.split()
    if not any(w in FEELING_WORDS or w == "feeling" for w in words):
        return ""
    ignored = FEELING_WORDS | FILLER_WORDS | STOPWORDS
    return " ".join(w for w in words if w not in ignored)


def score_place(where: str, term: str) -> float:
    """`score_term`, but the words must name the place itself, not what it is next to: "back"
    is not the back of the knee, "neck" is the back of the neck."""
    score = score_term(where, term)
    head = term.rsplit(" of ", 1)[-1].split()
    return score if score and any(_word_fuzzy(w, head) for w in where.split()) else 0.0


def _singular(words: str) -> str:
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words.split())


def rank(query: str, entries: list[Entry], limit: int = 10) -> list[Result]:
    """The entries that match `query`, best first. Pure: no database, no request.

    A query that names a feeling and a place ("sore knee") finds the places first, then the
    conditions of the best of them, then whatever else matches the whole query."""
    wanted = normalise(query[:MAX_QUERY_LENGTH])
    if len(wanted) < 2:
        return []
    results = {}
    for entry in entries:
        best, matched = _best_term(wanted, entry)
        if best:
            results[entry] = Result(entry, best, matched)
    ordered = sorted(
        results.values(),
        key=lambda r: (-r.score, KINDS.index(r.entry.kind), normalise(r.entry.name)),
    )
    where = place_words(wanted)
    if not where:
        return ordered[:limit]
    places = []
    for entry in entries:
        if entry.kind != "region":
            continue
        best, matched = max(
            _best_term(where, entry, score_place), _best_term(_singular(where), entry, score_place)
        )
        if best >= PLACE_THRESHOLD:
            places.append(Result(entry, best, matched))
    if not places:
        return ordered[:limit]
    places.sort(key=lambda r: (-r.score, normalise(r.entry.name)))
    first = places[0].entry.slug
    # Its conditions: the place's main ones first, then those the words match best.
    its_conditions = [
        results.get(entry) or Result(entry, 0.0, entry.name)
        for entry in entries
        if entry.kind == "condition" and first in dict(entry.places)
    ]
    its_conditions.sort(
        key=lambda r: (dict(r.entry.places)[first], -r.score, normalise(r.entry.name))
    )
    leading = places + its_conditions
    shown = {r.entry for r in leading}
    return (leading + [r for r in ordered if r.entry not in shown])[:limit]


# Where a query lists several places: "stiff neck, tingling fingers and a sore lower back".
PLACE_SEPARATORS = re.compile(r"[,;+&/]|\band\b|\bwith\b|\bplus\b", re.IGNORECASE)


def named_places(query: str, entries: list[Entry]) -> list[Entry]:
    """The places a query names one by one, when it names two or more (each part's best place,
    every word of it naming the place): what the page of several places at once can answer.
    Pure, as `rank` is."""
    found: list[Entry] = []
    for part in PLACE_SEPARATORS.split(query[:MAX_QUERY_LENGTH]):
        wanted = normalise(part)
        where = place_words(wanted) or wanted
        if len(where) < 2:
            continue
        scored = [
            (
                max(
                    _best_term(where, e, score_place), _best_term(_singular(where), e, score_place)
                ),
                e,
            )
            for e in entries
            if e.kind == "region"
        ]
        scored = [(score, e) for (score, _), e in scored if score >= PLACE_THRESHOLD]
        if scored:
            best = min(scored, key=lambda pair: (-pair[0], normalise(pair[1].name)))[1]
            if best not in found:
                found.append(best)
    return found if len(found) >= 2 else []


def load_entries() -> list[Entry]:
    """Every published thing a reader can search for. Runs five queries."""
    places: dict[str, dict[str, int]] = {}
    links = ReferralLink.objects.published().exclude(kind=ReferralLink.Kind.NO_DIRECT_LINK)
    for condition, origin, felt_in, prominence in links.values_list(
        "condition__slug", "origin__slug", "felt_in__slug", "prominence"
    ):
        reaches = places.setdefault(condition, {})
        for slug in (origin, felt_in):
            reaches[slug] = min(prominence, reaches.get(slug, prominence))
    entries = [
        Entry(
            "region",
            r.slug,
            r.name,
            r.get_absolute_url(),
            (r.name, *lines(r.synonyms)),
            r.description,
        )
        for r in Region.objects.published()
    ]
    entries += [
        Entry(
            "condition",
            c.slug,
            c.name,
            c.get_absolute_url(),
            (c.name, *lines(c.synonyms)),
            c.summary,
            tuple(sorted(places.get(c.slug, {}).items())),
        )
        for c in Condition.objects.published()
    ]
    entries += [
        Entry(
            "mechanism",
            m.slug,
            m.name,
            m.get_absolute_url(),
            (m.name, *lines(m.synonyms)),
            m.summary,
        )
        for m in Mechanism.objects.published()
    ]
    # Only symptoms some published link is felt as: any other would lead to an empty map.
    used = Symptom.objects.filter(links__in=ReferralLink.objects.published()).distinct()
    entries += [
        Entry(
            "symptom",
            s.slug,
            s.name,
            reverse("conditions:home") + f"?symptom={s.slug}",
            (s.name, *lines(s.synonyms)),
        )
        for s in used
    ]
    return entries


def search(query: str, limit: int = 10) -> list[Result]:
    """Search the published content. Runs five queries (none for a query too short to use)."""
    return search_with_places(query, limit)[0]


def search_with_places(query: str, limit: int = 10) -> tuple[list[Result], list[Entry]]:
    """`search`, and the places the query names one by one when it names several
    (`named_places`). The same five queries."""
    if len(normalise(query[:MAX_QUERY_LENGTH])) < 2:
        return [], []
    entries = load_entries()
    return rank(query, entries, limit), named_places(query, entries)
