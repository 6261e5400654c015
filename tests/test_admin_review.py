"""Review against the sources: who and when, what is due, and marking it done in one action."""

from datetime import timedelta

from django.utils import timezone

from conditions.models import Condition, ReferralLink


def test_the_shipped_content_starts_unreviewed_and_fills_the_queue(editor_client, shipped_content):
    conditions, links = Condition.objects.count(), ReferralLink.objects.count()
    assert not Condition.objects.filter(reviewed_at__isnull=False).exists()
    page = editor_client.get("/admin/").content.decode()
    assert "Review queue" in page
    assert (
        f'<a href="/admin/conditions/condition/?review=due">{conditions} due for review</a>' in page
    )
    assert (
        f'<a href="/admin/conditions/referrallink/?review=due">{links} due for review</a>' in page
    )


def test_marking_entries_reviewed_takes_one_action(editor_client, editor, make_link):
    link, other = make_link(), make_link()
    response = editor_client.post(
        "/admin/conditions/referrallink/",
        {"action": "mark_reviewed", "_selected_action": [link.pk]},
        follow=True,
    )
    assert "Marked 1 reviewed by editor today." in response.content.decode()
    link.refresh_from_db()
    other.refresh_from_db()
    assert link.reviewed_by == editor
    assert timezone.now() - link.reviewed_at < timedelta(minutes=1)
    assert other.reviewed_at is None
    # The history says who reviewed it.
    assert link.history.first().history_change_reason == "Marked reviewed"
    assert link.history.first().history_user == editor


def test_the_filter_lists_what_is_due_never_reviewed_or_over_a_year_ago(
    editor_client, editor, make_condition
):
    now = timezone.now()
    never = make_condition(name="Never looked at")
    stale = make_condition(name="Looked at long ago")
    fresh = make_condition(name="Looked at last month")
    Condition.objects.filter(pk=stale.pk).update(reviewed_at=now - timedelta(days=400))
    Condition.objects.filter(pk=fresh.pk).update(reviewed_at=now - timedelta(days=30))
    due = editor_client.get("/admin/conditions/condition/?review=due")
    assert {c.name for c in due.context["cl"].result_list} == {never.name, stale.name}
    recent = editor_client.get("/admin/conditions/condition/?review=recent")
    assert [c.name for c in recent.context["cl"].result_list] == [fresh.name]
    page = due.content.decode()
    assert "never" in page and "(due)" in page


def test_the_form_shows_who_reviewed_it_and_when_but_does_not_let_it_be_typed(
    editor_client, editor, make_condition
):
    condition = make_condition()
    Condition.objects.filter(pk=condition.pk).update(reviewed_by=editor)
    html = editor_client.get(f"/admin/conditions/condition/{condition.pk}/change/").content
    assert b"Review against the sources" in html
    assert b'name="reviewed_at"' not in html
    assert b"editor" in html


def test_the_index_counts_only_what_the_user_may_see(client, db):
    from django.contrib.auth.models import User

    user = User.objects.create_user("visitor", password="a-long-visitor-password", is_staff=True)
    client.force_login(user)
    assert "Review queue" not in client.get("/admin/").content.decode()
