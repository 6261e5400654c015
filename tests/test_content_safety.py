"""The shipped content's safety and fidelity (issue 12): every warning where its signs are felt,
at the right urgency, and nothing stated beyond the articles."""

import re

import pytest
import yaml

from conditions import content
from conditions.map import MapFilters, RegionAnswer
from conditions.models import Place, RedFlag, ReferralLink, Region, Source
from tests.test_content_file import ARTICLES, CLAIMS, CONTENT, SHIPPED, normalise

LESSONS = yaml.safe_load((CONTENT / "lessons.yaml").read_text(encoding="utf-8"))["lessons"]
FLAGS = SHIPPED["red_flags"]
LINKS = SHIPPED["links"]
PUBLISHED_LINKS = {slug: link for slug, link in LINKS.items() if link["status"] == "published"}
GUIDELINES = {slug for slug, s in SHIPPED["sources"].items() if s["kind"] == "guideline"}
BLADDER = re.compile(r"bladder|bowel|\bpee|urine", re.IGNORECASE)
# What an evidence note says when the link's joint, mechanism, origin or framing is ours.
INFERENCE = re.compile(r"\b(we|our|ours|inference|implied|inferred)\b", re.IGNORECASE)


def texts(skip_emergencies: bool = False):
    """Every piece of text a reader may see, with where it is; an emergency warning is itself
    the emergency wording, so it can be left out."""
    for section in ("red_flags", "conditions", "links", "mechanisms"):
        for slug, entry in SHIPPED[section].items():
            if skip_emergencies and entry.get("urgency") == "emergency":
                continue
            for name, value in entry.items():
                if isinstance(value, str):
                    yield f"{section}/{slug}.{name}", value
    for slug, lesson in LESSONS.items():
        yield f"lessons/{slug}.summary", lesson["summary"]
        for n, step in enumerate(lesson["steps"], start=1):
            yield f"lessons/{slug}/{n}", step["caption"]


def sentences(text: str) -> list[str]:
    """Sentences, and each item of a Markdown list on its own."""
    items = re.split(r"\n\s*- ", text)
    return [s for item in items for s in re.split(r"(?<=[.!?])\s+", " ".join(item.split())) if s]


# --- 1. Bladder or bowel changes are an emergency wherever they are mentioned ---------------------


def test_every_sentence_about_bladder_or_bowel_says_it_is_an_emergency():
    weak = [
        (where, sentence)
        for where, text in texts(skip_emergencies=True)
        for sentence in sentences(text)
        if BLADDER.search(sentence)
        and not re.search(r"emergency|immediate medical attention", sentence, re.IGNORECASE)
    ]
    assert weak == []


def test_every_warning_about_bladder_or_bowel_is_an_emergency_with_the_emergency_wording():
    about_bladder = [
        slug for slug, flag in FLAGS.items() if BLADDER.search(flag["title"] + flag["advice"])
    ]
    assert set(about_bladder) >= {
        "loss-of-bladder-or-bowel-control",
        "numbness-around-genitals-or-trouble-peeing",
    }
    for slug in about_bladder:
        assert FLAGS[slug]["urgency"] == "emergency", slug
        assert FLAGS[slug]["advice"].startswith("Get emergency medical help now"), slug


def test_the_soon_warning_no_longer_gives_bladder_advice_of_its_own():
    assert not BLADDER.search(FLAGS["severe-or-worsening-symptoms"]["advice"])


@pytest.mark.parametrize(
    "region",
    ["foot", "calf-and-shin", "hip", "back-of-neck", "upper-back", "mid-back", "upper-arm", "hand"],
)
def test_the_bladder_emergency_is_on_the_pages_that_lacked_it(region):
    assert region in FLAGS["loss-of-bladder-or-bowel-control"]["regions"]


# --- 2. Every place shows the warnings of the conditions felt or rooted there --------------------


def test_every_flag_is_wired_to_both_ends_of_every_link_of_its_conditions():
    missing = [
        (flag_slug, link_slug, region)
        for flag_slug, flag in FLAGS.items()
        for link_slug, link in PUBLISHED_LINKS.items()
        if link["condition"] in flag["conditions"]
        for region in (link["origin"], link["felt_in"])
        if region not in flag["regions"]
    ]
    assert missing == []


def test_every_place_with_links_has_a_warning():
    places = {link[end] for link in PUBLISHED_LINKS.values() for end in ("origin", "felt_in")}
    warned = {region for flag in FLAGS.values() for region in flag["regions"]}
    assert places - warned == set()


def test_clumsy_hands_at_the_wrist_hint_at_the_spinal_cord_in_the_neck():
    assert "wrist" in FLAGS["neck-signs-clumsy-hands-brisk-reflexes"]["regions"]


def test_each_region_page_shows_the_warnings_of_its_links_conditions(shipped_content, client):
    for region in Region.objects.published():
        links = ReferralLink.objects.published().filter(origin=region) | (
            ReferralLink.objects.published().filter(felt_in=region)
        )
        expected = set(
            RedFlag.objects.published()
            .filter(conditions__links__in=links)
            .values_list("title", flat=True)
        )
        page = client.get(region.places()[0].get_absolute_url()).content.decode()
        # One compact line per warning, its title in a class of its own (issue 11).
        shown = set(re.findall(r'<strong class="flag-title">(.*?)</strong>', page))
        assert expected <= shown, region.slug


# --- 3. Escalation: sudden, both legs or quickly worse is an emergency ---------------------------


def test_weakness_that_is_sudden_in_both_legs_or_quickly_worse_is_an_emergency():
    urgent = FLAGS["weakness-or-difficulty-walking"]
    assert urgent["urgency"] == "urgent"
    advice = urgent["advice"].lower()
    for words in ("suddenly", "both legs", "quickly getting worse", "emergency medical help now"):
        assert words in advice
    emergency = FLAGS["weakness-in-both-legs-sudden-or-worsening"]
    assert emergency["urgency"] == "emergency"
    assert set(emergency["regions"]) >= set(urgent["regions"])


# --- 4. Warnings the articles lack rest on a guideline, quoted word for word ---------------------


def test_a_guideline_is_a_source_with_its_address_and_its_text():
    assert sorted(GUIDELINES) == ["nhsct-low-back-pain"]
    guideline = SHIPPED["sources"]["nhsct-low-back-pain"]
    assert guideline["url"].startswith("https://www.northerntrust.hscni.net/")
    assert guideline["file"].startswith("guideline_")
    assert (CONTENT / "sources" / guideline["file"]).exists()


def test_saddle_numbness_and_trouble_peeing_quote_the_guideline():
    flag = FLAGS["numbness-around-genitals-or-trouble-peeing"]
    cited = {c["source"] for c in flag["citations"]}
    assert cited == {"nhsct-low-back-pain"}
    passages = " ".join(c["passage"] for c in flag["citations"])
    assert "numbness around or under your genitals" in passages
    assert "cannot pee" in passages
    for citation in flag["citations"]:
        assert normalise(citation["passage"]) in ARTICLES["nhsct-low-back-pain"]


def test_a_guideline_backs_only_warnings():
    for section in ("mechanisms", "conditions", "links"):
        for slug, entry in SHIPPED[section].items():
            assert not {c["source"] for c in entry["citations"]} & GUIDELINES, slug


def test_the_source_model_refuses_a_guideline_without_its_address(db):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    guideline = Source(slug="g", title="G", kind=Source.Kind.GUIDELINE, url="")
    with pytest.raises(ValidationError, match="address"):
        guideline.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        guideline.save()


# --- 5. Urgency order ----------------------------------------------------------------------------


def test_red_flags_come_most_urgent_first_never_alphabetically(db):
    for title, urgency in [("A", "soon"), ("B", "urgent"), ("C", "emergency")]:
        RedFlag.objects.create(slug=title.lower(), title=title, advice="x", urgency=urgency)
    assert [f.urgency for f in RedFlag.objects.by_urgency()] == ["emergency", "urgent", "soon"]
    assert [f.urgency for f in RedFlag.objects.all()] == ["emergency", "urgent", "soon"]


def test_a_region_answer_lists_its_warnings_most_urgent_first(shipped_content):
    lower_back = Region.objects.get(slug="lower-back")
    answer = RegionAnswer.build(Place(lower_back, None), MapFilters())
    ranks = [("emergency", "urgent", "soon").index(flag.urgency) for flag in answer.red_flags]
    assert ranks == sorted(ranks) and len(set(ranks)) == 3


# --- 6. Evidence levels --------------------------------------------------------------------------


def test_no_direct_link_has_an_evidence_note_that_calls_it_an_inference():
    assert [
        slug
        for slug, link in LINKS.items()
        if link["evidence"] == "direct" and INFERENCE.search(link["evidence_note"])
    ] == []


@pytest.mark.parametrize(
    "slug",
    [
        "systemic-inflammation-lower-back-and-hip-shared-cause",
        "systemic-inflammation-lower-back-and-knee-shared-cause",
        "cervical-radiculopathy-neck-to-shoulder-blade",
        "thoracic-nerve-irritation-upper-back-to-shoulder-blade",
        "back-pain-upper-back-to-neck",
        "lumbar-stenosis-lower-back-to-thigh-mimics-myelopathy",
        "lumbar-stenosis-lower-back-to-calf-and-shin-mimics-myelopathy",
        "pelvic-imbalance-sacroiliac-joint-to-knee",
        "pelvic-imbalance-hip-to-knee",
        "si-joint-dysfunction-to-hip",
        "posture-mid-back-to-shoulder",
    ],
)
def test_inferred_links_are_indirect(slug):
    assert LINKS[slug]["evidence"] == "indirect"


# --- 7. Nothing beyond the article ---------------------------------------------------------------


def test_scalene_links_go_only_where_the_article_sends_scalene_pain():
    felt_in = {
        link["felt_in"]
        for link in PUBLISHED_LINKS.values()
        if link["condition"] == "scalene-trigger-points"
    }
    assert felt_in == {"between-shoulder-blade-and-spine", "upper-back", "wrist"}


def test_no_link_from_the_scalenes_claims_the_same_side():
    assert [
        slug
        for slug, link in LINKS.items()
        if link["origin"] == "side-of-neck" and link["side"] == "same_side"
    ] == []


@pytest.mark.parametrize("felt_in", ["upper-arm", "forearm", "hand"])
def test_thoracic_links_to_the_arm_say_pain_and_name_the_neck_too(felt_in):
    link = LINKS[f"thoracic-nerve-irritation-upper-back-to-{felt_in}"]
    assert set(link["symptoms"]) <= {"pain", "radiating-pain"}
    assert "neck" in link["summary"] and "or upper back" in link["summary"]


def test_symptoms_the_passages_do_not_give_are_gone():
    assert LINKS["cts-compensation-wrist-to-shoulder"]["symptoms"] == []
    assert "muscle-knots" not in LINKS["muscle-imbalance-lower-back-to-buttock"]["symptoms"]
    assert SHIPPED["conditions"]["brachial-plexus-compression"]["symptoms"] == []
    for slug, link in LINKS.items():
        if link["condition"] == "brachial-plexus-compression":
            assert link["symptoms"] == [], slug


# --- 8. Wording ----------------------------------------------------------------------------------


def test_the_carpal_tunnel_differentiation_keeps_the_articles_words():
    text = " ".join(SHIPPED["conditions"]["carpal-tunnel-syndrome"]["differentiation"].split())
    assert "whole arm" not in text
    assert "down the arm and into the hand" in text


def test_lessons_keep_the_articles_hedges():
    all_text = " ".join(" ".join(text.split()) for _, text in texts())
    assert "Most settle" not in all_text
    assert "can often be managed with conservative care" in all_text
    assert "Pain from the neck usually comes with clumsy hands" in all_text


# --- 9. Links the articles give ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "origin", "felt_in", "condition", "kind"),
    [
        (
            "cts-wrist-to-upper-back-no-direct-link",
            "wrist",
            "upper-back",
            "carpal-tunnel-syndrome",
            "no_direct_link",
        ),
        (
            "scalene-trigger-points-to-upper-back",
            "side-of-neck",
            "upper-back",
            "scalene-trigger-points",
            "causes",
        ),
        (
            "cervical-radiculopathy-neck-to-wrist-mimics-cts",
            "back-of-neck",
            "wrist",
            "cervical-radiculopathy",
            "mimics",
        ),
        ("double-crush-neck-to-hand", "back-of-neck", "hand", "double-crush-syndrome", "mimics"),
        (
            "cervical-radiculopathy-neck-to-between-shoulder-blade",
            "back-of-neck",
            "between-shoulder-blade-and-spine",
            "cervical-radiculopathy",
            "causes",
        ),
    ],
)
def test_the_missing_links_are_there_and_checked_off(slug, origin, felt_in, condition, kind):
    link = PUBLISHED_LINKS[slug]
    assert (link["origin"], link["felt_in"], link["condition"], link["kind"]) == (
        origin,
        felt_in,
        condition,
        kind,
    )
    assert link["citations"]
    assert any(f"links/{slug}" in claim["entries"] for claim in CLAIMS)


# --- The fixes reach a deployed site -------------------------------------------------------------


def test_load_content_brings_an_old_database_up_to_date_and_keeps_an_editors_change(
    shipped_content, editor
):
    # An old deployment: the link still direct, the wrist without a neck warning.
    ReferralLink.objects.filter(slug="back-pain-upper-back-to-neck").update(evidence="direct")
    clumsy = RedFlag.objects.get(slug="neck-signs-clumsy-hands-brisk-reflexes")
    clumsy.regions.remove(Region.objects.get(slug="wrist"))
    # ...and an editor's own wording of another warning.
    soon = RedFlag.objects.get(slug="severe-or-worsening-symptoms")
    soon.advice = "An editor's advice."
    soon._history_user = editor
    soon.save()

    changes = {f"{c.section}/{c.slug}": c.action for c in content.load()}

    assert changes["links/back-pain-upper-back-to-neck"] == "update"
    assert ReferralLink.objects.get(slug="back-pain-upper-back-to-neck").evidence == "indirect"
    assert clumsy.regions.filter(slug="wrist").exists()
    assert changes["red_flags/severe-or-worsening-symptoms"] == "keep"
    soon.refresh_from_db()
    assert soon.advice == "An editor's advice."


# --- 10. Reader comments and debated claims never lead, and say what they are ------------------

LABELS = {"debated": "Debated claim", "reader_comment": "Reader&#x27;s comment, not the article"}


def link_items(page: str) -> list[str]:
    # (a row carries its id and data attributes after its class: issue 11's one row per condition)
    return re.findall(r'<li class="(?:link-item|chain-step)[^"]*"[^>]*>.*?</li>', page, re.DOTALL)


def test_no_list_of_a_region_panel_puts_a_comment_or_debated_claim_first(shipped_content):
    from conditions.map import claim_rank

    for region in Region.objects.published():
        answer = RegionAnswer.build(region.places()[0], MapFilters(everything=True))
        for groups in (answer.incoming, answer.outgoing):
            weights = [group.weight for group in groups]
            assert weights == sorted(weights), region.slug
            for group in groups:
                ranks = [claim_rank(row.best) for row in group.items]  # a row: its best link
                assert ranks == sorted(ranks), (region.slug, group.mechanism.slug)
        ranks = [condition.best_evidence_rank for condition in answer.conditions_here]
        assert ranks == sorted(ranks), region.slug


def test_the_hand_lists_carpal_tunnel_before_the_readers_comment(shipped_content, client):
    page = client.get("/regions/left-hand/?show=all").content.decode()
    here = page[
        page.index('id="here-heading"') : page.index("</section>", page.index("here-heading"))
    ]
    assert here.index("Carpal tunnel syndrome") < here.index("Brachial plexus")
    assert "Reader&#x27;s comment, not the article</span>: A reader comment" in here


@pytest.mark.parametrize(
    "url",
    [
        "/regions/left-hand/?show=all",
        "/regions/left-side-of-neck/?show=all",
        "/regions/left-wrist/?show=all",
        "/mechanisms/peripheral-nerve-entrapment/",
        "/mechanisms/trigger-point-referral/",
        "/conditions/scalene-trigger-points/",
        "/conditions/brachial-plexus-compression/",
        "/?symptom=muscle-knots",
        "/chains/?from=left-side-of-neck&to=left-hand",
    ],
)
def test_every_listed_comment_or_debated_claim_is_labelled(shipped_content, client, url):
    page = client.get(url).content.decode()
    items = link_items(page)
    assert items, url
    labelled = 0
    for item in items:
        for evidence, label in LABELS.items():
            marked = f"evidence-{evidence}" in item  # the evidence line in its details
            assert marked == (label in item), (url, item[:300])
            labelled += marked
    assert labelled, url


def test_a_mechanism_page_lists_the_articles_conditions_before_a_readers_comment(
    shipped_content, client
):
    page = client.get("/mechanisms/peripheral-nerve-entrapment/").content.decode()
    assert page.index("Carpal tunnel syndrome") < page.index("Brachial plexus")


def test_a_guideline_warning_names_its_guideline_where_it_is_shown(shipped_content, client):
    page = client.get("/regions/lower-back/").content.decode()
    flags = re.findall(r'<li class="urgency-\w+"[^>]*>.*?</li>', page, re.DOTALL)
    saddle = next(f for f in flags if "Numbness around the genitals" in f)
    assert "From a public health guideline, not the articles" in re.sub(r"<[^>]+>", "", saddle)
    assert SHIPPED["sources"]["nhsct-low-back-pain"]["url"] in saddle
    bladder = next(f for f in flags if "Loss of bladder or bowel control" in f)
    assert "public health guideline" not in bladder  # the article's own warning
