"""Prominence: the content says which links matter most, and every list of a place follows it."""

import re

import pytest
import yaml
from django.db import IntegrityError

from conditions import content
from conditions.models import ReferralLink

Prominence = ReferralLink.Prominence

# Why each headline or key link of the shipped content is one: the article's title, or the
# main section that is about it. A link made key in bodymap.yaml without a reason here (or a
# reason left behind for a link no longer key) fails the test below.
KEY_LINKS = {
    # Can Carpal Tunnel Syndrome Cause Back Pain? (title: CTS and back pain)
    "cts-wrist-to-lower-back-no-direct-link": "the title's question; 'The Direct Answer' says no",
    "cts-wrist-to-mid-back-no-direct-link": "'The Direct Answer' names the mid-back as remote",
    "cts-wrist-to-hand": "the opening defines carpal tunnel syndrome by the hand it numbs",
    "cts-compensation-wrist-to-lower-back": "'How Postural Compensation Leads to Back Pain'",
    "cervical-radiculopathy-neck-to-hand-mimics-cts": "section 'Conditions That Mimic Both ...'",
    "cervical-radiculopathy-neck-to-wrist-mimics-cts": "'Conditions That Mimic ...': the wrist",
    "double-crush-neck-to-wrist": "'Conditions That Mimic Both Carpal Tunnel and ...'",
    # The Muscle In Your Neck That Causes "Knots" and Carpal Tunnel Syndrome (title)
    "scalene-trigger-points-to-wrist": "the title: the neck muscle behind carpal-tunnel symptoms",
    "scalene-trigger-points-to-between-shoulder-blade": "the title: the 'knots' by the blade",
    # Back Pain: How It Causes Joint Pain (sections 'Mechanisms' and 'Common Joint Pains')
    "lumbar-radiculopathy-lower-back-to-hip": "'Hip Pain: often referred from the lumbar spine'",
    "lumbar-radiculopathy-lower-back-to-knee": "'Nerve Compression': pain felt in the knee",
    "chronic-back-pain-lower-back-to-hip": "'Muscle Imbalances and Compensation' strain the hip",
    "chronic-back-pain-lower-back-to-knee": "'Knee Pain: altered gait mechanics due to back pain'",
    "pelvic-imbalance-lower-back-to-sacroiliac-joint": "'Altered Load': pelvis and SI joint",
    "pelvic-imbalance-lower-back-to-hip": "'Altered Load': a misaligned pelvis and the hips",
    "thoracic-nerve-irritation-upper-back-to-shoulder": "'Shoulder and Neck Pain', upper back",
    "cervical-radiculopathy-neck-to-shoulder": "'Shoulder and Neck Pain': the neck to the shoulder",
    "cervical-radiculopathy-neck-to-shoulder-blade": "'Shoulder and Neck Pain': even the scapula",
    "posture-upper-back-to-shoulder": "'Altered Load': poor posture and shoulder impingement",
    "sciatica-lower-back-to-ankle": "'Foot and Ankle Pain: severe sciatica'",
    # Can back pain cause numbness and tingling? (title; section 'Possible Causes')
    "sciatica-lower-back-to-buttock": "the title's answer: sciatica, numbness down the leg",
    "sciatica-lower-back-to-thigh": "the title's answer: sciatica, numbness down the leg",
    "sciatica-lower-back-to-calf-and-shin": "the title's answer: sciatica, numbness down the leg",
    "sciatica-lower-back-to-foot": "the title's answer: sciatica, down to the feet",
    "herniated-disc-lower-back-to-thigh": "the title's answer: a herniated disc, first cause",
    "herniated-disc-lower-back-to-calf-and-shin": "the title's answer: a herniated disc",
    "herniated-disc-lower-back-to-foot": "the title's answer: a herniated disc",
    "herniated-disc-neck-to-upper-arm": "'Possible Causes': a disc 'down the legs or arms'",
    "herniated-disc-neck-to-forearm": "'Possible Causes': a disc 'down the legs or arms'",
    "lumbar-stenosis-lower-back-to-buttock": "'Possible Causes': spinal stenosis, second cause",
    # Can Cervical Stenosis Cause Lower Back Pain? (title; 'How Neck Compression ...',
    # 'Differentiating Between Local and Referred Lower Back Pain')
    "cervical-myelopathy-neck-to-lower-back": "the title's question: the neck and the lower back",
    "cervical-myelopathy-neck-to-thigh": "'How Neck Compression Can Lead to Distant Pain'",
    "cervical-myelopathy-neck-to-calf-and-shin": "'How Neck Compression Can Lead to Distant Pain'",
    "cervical-myelopathy-neck-to-hand": "'Differentiating': clumsy hands point to the neck",
    "lumbar-stenosis-lower-back-to-thigh-mimics-myelopathy": "'Differentiating': the look-alike",
    "lumbar-stenosis-lower-back-to-calf-and-shin-mimics-myelopathy": "'Differentiating'",
}

LOWER_BACK_LEG_CONDITIONS = {"Sciatica", "Herniated disc"}


def _shipped_links() -> dict:
    return yaml.safe_load(content.DEFAULT_PATH.read_text(encoding="utf-8"))["links"]


def test_every_shipped_link_says_how_prominent_it_is():
    words = set(content.PROMINENCE_WORDS)
    assert {
        slug: link.get("prominence")
        for slug, link in _shipped_links().items()
        if link.get("prominence") not in words
    } == {}


def test_every_key_link_has_its_reason_and_only_key_links_have_one():
    key = {
        slug for slug, link in _shipped_links().items() if link["prominence"] in ("headline", "key")
    }
    assert key == set(KEY_LINKS)
    assert all(len(reason) > 10 for reason in KEY_LINKS.values())


def test_asides_rare_causes_and_reader_comments_are_never_key():
    for slug, link in _shipped_links().items():
        if link["evidence"] == "reader_comment" or link["mechanism"] == "shared-cause":
            assert link["prominence"] in ("supporting", "minor"), slug


def test_the_file_and_the_database_agree_on_prominence(shipped_content):
    link = ReferralLink.objects.get(slug="sciatica-lower-back-to-foot")
    assert link.prominence == Prominence.HEADLINE and link.is_key
    assert ReferralLink.objects.get(
        slug="pregnancy-wrist-and-lower-back-shared-cause"
    ).prominence == (Prominence.MINOR)
    exported = content.export()["links"]
    assert exported["sciatica-lower-back-to-foot"]["prominence"] == "headline"
    assert {s: e["prominence"] for s, e in exported.items()} == {
        s: e["prominence"] for s, e in _shipped_links().items()
    }


def test_an_unknown_prominence_in_the_file_is_refused_with_its_name(tmp_path, db):
    data = yaml.safe_load(content.DEFAULT_PATH.read_text(encoding="utf-8"))
    data["links"]["cts-wrist-to-hand"]["prominence"] = "very"
    path = tmp_path / "bodymap.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(content.ContentError, match="prominence must be one of"):
        content.load(path)


def test_the_database_refuses_a_prominence_outside_the_list(make_link):
    link = make_link()
    link.prominence = 9
    with pytest.raises(IntegrityError):
        link.save()


def _listed_in_order(html: str, names: list[str]) -> list[str]:
    found = [(html.find(name), name) for name in names if name in html]
    return [name for _, name in sorted(found)]


def test_the_lower_back_lists_the_leg_conditions_the_articles_are_about_first(
    client, shipped_content
):
    html = client.get("/regions/lower-back/").content.decode()
    here = html.split('id="here-heading"', 1)[1].split("</section>", 1)[0]
    first = re.findall(r"<strong>([^<]+)</strong>", here)[:2]
    assert set(first) == LOWER_BACK_LEG_CONDITIONS
    outgoing = html.split('id="outgoing-heading"', 1)[1]
    first_row = outgoing.split("</li>", 1)[0]
    assert any(name in first_row for name in LOWER_BACK_LEG_CONDITIONS)


def test_a_more_prominent_link_is_listed_before_a_better_supported_one(
    client, make_region, make_mechanism, make_link
):
    here = make_region(slug="knee", bilateral=False)
    mechanism = make_mechanism()
    aside = make_link(origin=here, mechanism=mechanism, prominence=Prominence.MINOR)
    aside.condition.name = "Aaa aside"
    aside.condition.save()
    main = make_link(
        origin=here,
        mechanism=mechanism,
        # Less well supported than the aside, but still the article's own point (a debated
        # claim or a reader's comment never leads, however prominent: issue 12).
        evidence=ReferralLink.Evidence.INDIRECT,
        prominence=Prominence.HEADLINE,
    )
    main.condition.name = "Zzz headline"
    main.condition.save()
    html = client.get("/regions/knee/").content.decode()
    assert _listed_in_order(html, ["Aaa aside", "Zzz headline"]) == ["Zzz headline", "Aaa aside"]
