"""History that reads like a changelog; undoing a creation; restoring a deleted entry."""

import html

from conditions.models import Citation, Condition, ReferralLink, Status
from tests.admin_forms import admin_form_data, new_inline, post_admin_form


def history_page(client, obj) -> str:
    opts = obj._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/history/"
    return html.unescape(client.get(url).content.decode())


def test_each_row_says_what_changed_field_by_field(editor_client, make_link):
    link = make_link(summary="The old words.")
    post_admin_form(
        editor_client,
        f"/admin/conditions/referrallink/{link.pk}/change/",
        summary="The new words.",
        evidence="debated",
    )
    page = history_page(editor_client, link)
    assert "<strong>Summary:</strong>\n            The old words. → The new words." in page
    assert "Stated directly by the article → Claimed, but debated or uncertain" in page
    # Bookkeeping is not news: no "Updated at" row.
    assert "Updated at" not in page


def test_an_added_citation_shows_its_source_and_passage_in_the_links_history(
    editor_client, make_link, make_source
):
    link = make_link()
    source = make_source(title="A new article")
    url = f"/admin/conditions/referrallink/{link.pk}/change/"
    data = admin_form_data(editor_client.get(url))
    data = new_inline(data, "citations", source=source.pk, passage="The new passage.")
    assert editor_client.post(url, data).status_code == 302
    page = history_page(editor_client, link)
    assert "Citation created" in page
    assert "<strong>Source:</strong>\n            A new article" in page
    assert "<strong>Passage:</strong>\n            The new passage." in page
    assert "<strong>Link:</strong>" not in page  # whose history this is goes without saying
    # The link's own save changed nothing of its fields: no bare "Changed" row.
    assert "<strong>Changed</strong>" not in page


def test_a_creation_is_undone_by_unpublishing_then_deleting_after_a_confirmation(
    editor_client, make_link
):
    link = make_link()
    page = history_page(editor_client, link)
    assert "Undo this creation" in page
    url = f"/admin/conditions/referrallink/{link.pk}/history/undo-creation/"
    confirmation = html.unescape(editor_client.get(url).content.decode())
    assert f"Undoing the creation of “{link}” will take it off the public map" in confirmation
    assert ReferralLink.objects.filter(pk=link.pk).exists()  # asking changed nothing
    response = editor_client.post(url, follow=True)
    assert "was unpublished and deleted" in html.unescape(response.content.decode())
    assert not ReferralLink.objects.filter(pk=link.pk).exists()
    reasons = list(link.history.values_list("history_type", "status", "history_change_reason"))
    assert reasons[:2] == [
        ("-", "draft", "Creation undone"),
        ("~", "draft", "Unpublished to undo its creation"),
    ]


def test_undoing_the_creation_of_something_in_use_is_refused_with_what_uses_it(
    editor_client, make_link
):
    link = make_link()
    url = f"/admin/conditions/condition/{link.condition.pk}/history/undo-creation/"
    page = html.unescape(editor_client.get(url).content.decode())
    assert "cannot be deleted while other entries use it" in page
    editor_client.post(url)
    assert Condition.objects.filter(pk=link.condition.pk).exists()


def test_a_deleted_link_is_restored_as_a_draft_with_its_citations_and_symptoms(
    editor_client, make_link, make_symptom
):
    link = make_link()
    symptom = make_symptom(name="Tingling")
    link.symptoms.add(symptom)
    link.save()  # a history record with the symptom
    pk, passage = link.pk, link.citations.get().passage
    editor_client.post(f"/admin/conditions/referrallink/{pk}/delete/", {"post": "yes"})
    assert not ReferralLink.objects.filter(pk=pk).exists()
    deleted = html.unescape(
        editor_client.get("/admin/conditions/referrallink/deleted/").content.decode()
    )
    assert f"Restore “{link}”" in deleted
    record = ReferralLink.history.filter(id=pk, history_type="-").get()
    response = editor_client.post(
        f"/admin/conditions/referrallink/deleted/{record.history_id}/restore/", follow=True
    )
    assert "was restored as a draft" in html.unescape(response.content.decode())
    restored = ReferralLink.objects.get(pk=pk)
    assert restored.status == Status.DRAFT
    assert restored.citations.get().passage == passage
    assert list(restored.symptoms.all()) == [symptom]
    assert restored.history.first().history_change_reason == "Restored as a draft"
    # ... and no longer listed as deleted.
    assert (
        "No deleted referral links."
        in editor_client.get("/admin/conditions/referrallink/deleted/").content.decode()
    )


def test_a_link_whose_condition_is_gone_is_not_restored_and_says_why(editor_client, make_link):
    link = make_link(status=Status.DRAFT)
    condition, pk = link.condition, link.pk
    link.delete()
    Citation.objects.filter(condition=condition).delete()
    condition.delete()
    record = ReferralLink.history.filter(id=pk, history_type="-").get()
    response = editor_client.post(
        f"/admin/conditions/referrallink/deleted/{record.history_id}/restore/", follow=True
    )
    assert "its condition was deleted too. Restore that first." in html.unescape(
        response.content.decode()
    )
    assert not ReferralLink.objects.filter(pk=pk).exists()


def test_the_change_list_leads_to_the_deleted_entries(editor_client):
    page = editor_client.get("/admin/conditions/condition/").content.decode()
    assert 'href="/admin/conditions/condition/deleted/"' in page
