"""The shipped content: complete, cited word for word, and loaded idempotently."""

import re
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from conditions import content
from conditions.body import geometry
from conditions.models import Citation, Condition, ReferralLink, Region, Source

CONTENT = Path(content.DEFAULT_PATH).parent
SHIPPED = yaml.safe_load(content.DEFAULT_PATH.read_text(encoding="utf-8"))
CLAIMS = yaml.safe_load((CONTENT / "claims.yaml").read_text(encoding="utf-8"))


def normalise(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip()


ARTICLES = {
    slug: normalise((CONTENT / "sources" / source["file"]).read_text(encoding="utf-8"))
    for slug, source in SHIPPED["sources"].items()
}


def all_citations():
    for section in ("mechanisms", "conditions", "red_flags", "links"):
        for slug, entry in SHIPPED[section].items():
            for citation in entry.get("citations", []):
                yield f"{section}/{slug}", citation


def test_the_five_articles_are_the_sources_and_guidelines_only_add_warnings():
    articles = [s for s in SHIPPED["sources"].values() if s["kind"] == "article"]
    assert len(articles) == 5
    files = sorted(source["file"] for source in SHIPPED["sources"].values())
    assert files == sorted(p.name for p in (CONTENT / "sources").glob("*.txt"))
    guidelines = {slug for slug, s in SHIPPED["sources"].items() if s["kind"] == "guideline"}
    for section in ("mechanisms", "conditions", "links"):
        for slug, entry in SHIPPED[section].items():
            assert not {c["source"] for c in entry["citations"]} & guidelines, f"{section}/{slug}"


@pytest.mark.parametrize(("where", "citation"), list(all_citations()), ids=lambda v: str(v)[:60])
def test_every_cited_passage_is_in_its_article_word_for_word(where, citation):
    assert normalise(citation["passage"]) in ARTICLES[citation["source"]], where


def test_every_published_link_cites_an_article():
    uncited = [
        slug
        for slug, link in SHIPPED["links"].items()
        if link["status"] == "published" and not link.get("citations")
    ]
    assert uncited == []


def test_the_negative_link_says_carpal_tunnel_cannot_directly_cause_back_pain():
    negatives = [
        link
        for link in SHIPPED["links"].values()
        if link["kind"] == "no_direct_link" and link["origin"] == "wrist"
    ]
    assert {link["felt_in"] for link in negatives} >= {"lower-back"}
    assert any("directly" in link["summary"].lower() for link in negatives)


def test_reader_comments_are_never_presented_as_the_article():
    comment_passage = "brachial plexus, runs between anterior and middle scalene"
    for slug, link in SHIPPED["links"].items():
        if any(comment_passage in c["passage"] for c in link["citations"]):
            assert link["evidence"] == "reader_comment", slug


def test_every_region_is_drawn_where_the_content_says():
    for slug, region in SHIPPED["regions"].items():
        assert region["shape_key"] in geometry.shape_keys(), slug
        assert set(region["views"]) <= geometry.views_of(region["shape_key"]), slug
        assert region["bilateral"] == geometry.is_bilateral(region["shape_key"]), slug


def test_the_claims_checklist_is_complete():
    """Every claim has an entry that carries it, and every link answers to a claim."""
    assert len(CLAIMS) >= 40
    carried: set[str] = set()
    for claim in CLAIMS:
        assert claim["entries"], f"claim {claim['id']} has no entry"
        assert normalise(claim["passage"]) in ARTICLES[claim["source"]], claim["id"]
        for entry in claim["entries"]:
            section, _, slug = entry.partition("/")
            assert slug in SHIPPED[section], f"claim {claim['id']}: {entry} does not exist"
            carried.add(entry)
    published = {slug for slug, link in SHIPPED["links"].items() if link["status"] == "published"}
    assert {f"links/{slug}" for slug in published} <= carried
    assert {claim["source"] for claim in CLAIMS} == set(SHIPPED["sources"])


def test_loading_creates_everything(shipped_content):
    assert Source.objects.count() == len(SHIPPED["sources"])
    assert Region.objects.count() == len(SHIPPED["regions"])
    assert ReferralLink.objects.count() == len(SHIPPED["links"])
    assert not ReferralLink.objects.published().filter(citations=None).exists()


def test_loading_twice_changes_nothing(shipped_content):
    history_rows = ReferralLink.history.count()
    changes = content.load()
    assert {change.action for change in changes} == {"unchanged"}
    assert ReferralLink.history.count() == history_rows


def test_loading_keeps_an_editors_change_and_says_so(shipped_content, editor):
    condition = Condition.objects.get(slug="carpal-tunnel-syndrome")
    condition.summary = "An editor's better summary."
    condition._history_user = editor
    condition.save()
    changes = content.load()
    kept = [c for c in changes if c.action == "keep"]
    assert [f"{c.section}/{c.slug}" for c in kept] == ["conditions/carpal-tunnel-syndrome"]
    assert "edited by editor" in kept[0].detail
    condition.refresh_from_db()
    assert condition.summary == "An editor's better summary."


def test_loading_never_deletes_what_editors_added(shipped_content, make_region):
    added = make_region(slug="jaw", shape_key="head", views="both", bilateral=False)
    content.load()
    assert Region.objects.filter(pk=added.pk).exists()


def test_a_dry_run_lists_changes_and_saves_nothing(db, capsys):
    call_command("load_content", "--dry-run")
    output = capsys.readouterr().out
    assert "create    regions/wrist" in output
    assert "Dry run, nothing saved" in output
    assert Region.objects.count() == 0


def test_an_unknown_slug_is_reported_with_where_it_is(db, tmp_path):
    bad = dict(SHIPPED)
    first = next(iter(SHIPPED["links"]))
    bad["links"] = {first: {**SHIPPED["links"][first], "felt_in": "tail"}}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(bad), encoding="utf-8")
    with pytest.raises(content.ContentError, match=f"links/{first}.felt_in: no region"):
        content.load(path)
    assert Region.objects.count() == 0  # all or nothing


def test_export_then_load_into_an_empty_database_then_export_is_identical(
    shipped_content, tmp_path, django_db_blocker
):
    first = content.dump(content.export())
    Citation.objects.all().delete()
    for model in (ReferralLink, Condition):
        model.objects.all().delete()
    from conditions.models import Mechanism, RedFlag, Symptom

    for model in (RedFlag, Mechanism, Region, Symptom, Source):
        model.objects.all().delete()
    path = tmp_path / "exported.yaml"
    path.write_text(first, encoding="utf-8")
    content.load(path)
    assert content.dump(content.export()) == first


def test_the_export_command_writes_the_file(shipped_content, tmp_path):
    path = tmp_path / "out.yaml"
    call_command("export_content", str(path))
    exported = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert exported["links"].keys() == SHIPPED["links"].keys()
