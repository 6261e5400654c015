"""Search: pure ranking without a database, then the shipped content, then the view."""

import pytest

from conditions.search import (
    Entry,
    named_places,
    normalise,
    place_words,
    rank,
    score_term,
    search,
)


def entry(kind: str, name: str, *synonyms: str) -> Entry:
    return Entry(kind, name.lower().replace(" ", "-"), name, f"/{kind}/", (name, *synonyms))


ENTRIES = [
    entry("condition", "Carpal tunnel syndrome", "CTS", "carpal tunnel"),
    entry("region", "Wrist", "carpal tunnel"),
    entry("symptom", "Tingling", "pins and needles"),
    entry("condition", "Sciatica", "sciatic"),
    entry("mechanism", "Nerve root compression", "pinched nerve"),
]


def names(results) -> list[str]:
    return [r.entry.name for r in results]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Sciàtica", "sciatica"), ("  PINS-and-needles! ", "pins and needles"), ("Ça", "ca")],
)
def test_normalise_drops_case_accents_and_punctuation(text, expected):
    assert normalise(text) == expected


def test_an_exact_match_beats_a_prefix_beats_a_word_beats_a_misspelling():
    exact = score_term("wrist", "wrist")
    prefix = score_term("wri", "wrist pain")
    word = score_term("pain", "wrist pain")
    fuzzy = score_term("wirst", "wrist")
    assert exact > prefix > word > fuzzy > 0


def test_unrelated_words_do_not_match():
    assert score_term("knee", "shoulder blade") == 0
    assert score_term("leg", "log") == 0  # too short to guess at


def test_the_name_wins_a_tie_and_the_kind_orders_the_rest():
    assert names(rank("carpal tunnel", ENTRIES))[:2] == ["Carpal tunnel syndrome", "Wrist"]


@pytest.mark.parametrize("query", ["carpel tunnel", "CARPAL", "carpal  tunnel", "cárpal"])
def test_case_accents_and_misspellings_are_forgiven(query):
    assert names(rank(query, ENTRIES))[0] == "Carpal tunnel syndrome"


def test_a_synonym_match_says_which_synonym():
    [result] = rank("pinched nerve", ENTRIES)
    assert result.entry.name == "Nerve root compression"
    assert result.matched_synonym == "pinched nerve"


@pytest.mark.parametrize("query", ["", " ", "a", "%", "zzzzqqq"])
def test_empty_short_or_unknown_queries_find_nothing(query):
    assert rank(query, ENTRIES) == []


@pytest.mark.parametrize(
    ("query", "place"),
    [
        ("wrist pain", "wrist"),
        ("Sore knee!", "knee"),
        ("pain in my lower back", "lower back"),
        ("tingling fingers", "fingers"),
        ("pins and needles in my hand", "hand"),
        ("my left wrist hurts", "wrist"),
        ("tingling", ""),  # only a feeling: matched whole
        ("carpal tunnel", ""),  # no feeling: matched whole
    ],
)
def test_the_words_for_a_feeling_leave_the_place(query, place):
    assert place_words(normalise(query)) == place


def test_a_feeling_and_a_place_find_the_place_then_its_conditions():
    entries = [
        *ENTRIES,
        Entry("region", "knee", "Knee", "/r/knee/", ("Knee", "kneecap")),
        Entry("condition", "sprain", "Sprain", "/c/sprain/", ("Sprain",), places=(("knee", 2),)),
    ]
    assert names(rank("sore knees", entries))[:2] == ["Knee", "Sprain"]
    assert names(rank("wrist pain", entries))[0] == "Wrist"
    # The condition named exactly by the phrase still comes right after its place.
    assert names(rank("carpal tunnel pain", entries))[:2] == ["Wrist", "Carpal tunnel syndrome"]


def test_a_query_naming_several_places_names_them_one_by_one():
    entries = [
        *ENTRIES,
        entry("region", "Back of the neck", "neck"),
        entry("region", "Hand", "fingers"),
        entry("region", "Lower back", "back"),
    ]
    places = named_places("Stiff neck, tingling fingers and a sore lower back", entries)
    assert [place.name for place in places] == ["Back of the neck", "Hand", "Lower back"]
    assert named_places("wrist + wrist", entries) == []  # one place, twice
    assert named_places("neck pain", entries) == []
    assert named_places("carpal tunnel and sciatica", entries) == []  # one place, a condition


def test_a_very_long_query_is_cut_not_slow():
    assert rank("carpal " * 10_000, ENTRIES) is not None


# --- The shipped content: what a reader types finds what they mean ----------------------------

READER_TERMS = [
    ("tingling", "symptom", "tingling"),
    ("pins and needles", "symptom", "tingling"),
    ("carpal", "condition", "carpal-tunnel-syndrome"),
    ("carpel tunnel", "condition", "carpal-tunnel-syndrome"),
    ("sciatic", "condition", "sciatica"),
    ("Sciàtica", "condition", "sciatica"),
    ("knots", "condition", "scalene-trigger-points"),
    ("pinched nerve", "condition", "cervical-radiculopathy"),
    ("myelopathy", "condition", "cervical-myelopathy"),
    ("lower back", "region", "lower-back"),
]


def test_what_a_reader_types_finds_what_they_mean_first(shipped_content):
    # One test over every term: loading the shipped content is the slow part.
    found = {
        query: (search(query)[0].entry.kind, search(query)[0].entry.slug)
        for query, *_ in READER_TERMS
    }
    assert found == {query: (kind, slug) for query, kind, slug in READER_TERMS}


# Issue 13: how people write. Each finds the place first, then conditions of that place.
READER_PHRASES = [
    ("wrist pain", "wrist"),
    ("sore wrist", "wrist"),
    ("my wrist hurts", "wrist"),
    ("sore knee", "knee"),
    ("knee pain", "knee"),
    ("aching knees", "knee"),
    ("back pain", "lower-back"),
    ("pain in my lower back", "lower-back"),
    ("low back pain", "lower-back"),
    ("tingling fingers", "hand"),
    ("numb fingers", "hand"),
    ("pins and needles in my hand", "hand"),
    ("neck ache", "back-of-neck"),
    ("stiff neck", "back-of-neck"),
    ("shoulder pain", "shoulder"),
    ("hip pain", "hip"),
    ("sore feet", "foot"),
    ("pain in the buttock", "buttock"),
    ("elbow hurts", "elbow"),
    ("pain between the shoulder blades", "between-shoulder-blade-and-spine"),
]


def test_what_people_write_finds_the_place_first_then_its_conditions(shipped_content):
    firsts = {}
    for phrase, _ in READER_PHRASES:
        first = search(phrase)[0]
        firsts[phrase] = (first.entry.kind, first.entry.slug)
    assert firsts == {phrase: ("region", slug) for phrase, slug in READER_PHRASES}
    # Then the place's conditions, before anything the words merely resemble.
    after_wrist = [(r.entry.kind, r.entry.slug) for r in search("wrist pain")[1:4]]
    assert ("condition", "carpal-tunnel-syndrome") in after_wrist
    assert [r.entry.slug for r in search("tingling fingers")[:2]] == [
        "hand",
        "carpal-tunnel-syndrome",
    ]
    back = [r.entry.slug for r in search("back pain", limit=30)]
    assert "herniated-disc" in back[:10]
    assert {"upper-back", "mid-back"} <= set(back[:5])  # the other backs are offered too


def test_knots_also_finds_the_place_where_they_are_felt(shipped_content):
    found = {(r.entry.kind, r.entry.slug) for r in search("knots")}
    assert ("region", "between-shoulder-blade-and-spine") in found
    assert ("symptom", "muscle-knots") in found


def test_the_results_are_the_same_whatever_the_database(shipped_content):
    # The ranking runs in Python on texts loaded in a fixed order: this list is the same on
    # SQLite and PostgreSQL (CI runs the suite on both).
    assert [(r.entry.kind, r.entry.slug) for r in search("nerve", limit=6)] == [
        ("mechanism", "nerve-root-compression"),
        # Equal scores: conditions before mechanisms, then by name.
        ("condition", "brachial-plexus-compression"),
        ("condition", "cervical-radiculopathy"),
        ("condition", "lumbar-radiculopathy"),
        ("mechanism", "peripheral-nerve-entrapment"),
        ("condition", "thoracic-nerve-irritation"),
    ]


def test_drafts_are_never_found(make_condition):
    make_condition(slug="hidden", name="Hidden condition", status="draft")
    assert search("hidden condition") == []


def test_search_takes_five_queries_however_much_content(shipped_content, django_assert_num_queries):
    with django_assert_num_queries(5):
        search("tingling")


# --- The view -----------------------------------------------------------------------------------


def test_every_map_page_has_a_search_form_that_works_without_javascript(client, shipped_content):
    html = client.get("/regions/lower-back/").content.decode()
    assert '<form class="search" role="search" method="get" action="/search/">' in html
    assert 'name="q"' in html and 'role="combobox"' in html
    assert 'hx-get="/search/" hx-trigger="input changed delay:250ms, search"' in html


def test_the_results_page_is_a_whole_page(client, shipped_content):
    response = client.get("/search/", {"q": "carpel tunnel"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith("<!doctype html>")
    assert "Results for “carpel tunnel”" in html
    assert 'href="/conditions/carpal-tunnel-syndrome/"' in html
    assert 'value="carpel tunnel"' in html  # the box keeps what was typed


def test_htmx_gets_only_the_suggestions_as_a_listbox(client, shipped_content):
    response = client.get("/search/", {"q": "sciatic"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert 'role="listbox"' in html and 'role="option"' in html
    assert 'id="search-option-1"' in html
    assert 'href="/conditions/sciatica/" hx-get="/conditions/sciatica/"' in html
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_results_page(client, shipped_content):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    assert "<html" in client.get("/search/?q=wrist", headers=headers).content.decode()


def test_no_match_is_said_plainly(client, shipped_content):
    html = client.get("/search/", {"q": "xylophone"}).content.decode()
    assert "Nothing matches “xylophone”" in html
    fragment = client.get("/search/", {"q": "xylophone"}, headers={"HX-Request": "true"})
    assert "Nothing matches" in fragment.content.decode()


def test_a_symptom_result_opens_the_map_filtered_by_it(client, shipped_content):
    html = client.get("/search/", {"q": "tingling"}).content.decode()
    assert 'href="/?symptom=tingling"' in html


def test_the_query_is_escaped(client, shipped_content):
    html = client.get("/search/", {"q": "<script>x</script>"}).content.decode()
    assert "<script>x</script>" not in html


def test_the_results_page_takes_a_constant_number_of_queries(
    client, shipped_content, django_assert_num_queries
):
    client.get("/search/?q=nerve")  # warm the drawing's cache
    # The map frame's version (1: the diagram, mechanisms and regions come from the cache),
    # then the searchable texts (4) and which conditions reach which places (1).
    with django_assert_num_queries(6):
        client.get("/search/?q=nerve")
    with django_assert_num_queries(5):
        client.get("/search/?q=nerve", headers={"HX-Request": "true"})
