from django import template
from django.urls import reverse

from conditions.models import Condition, ReferralLink, Reviewed

register = template.Library()


@register.simple_tag(takes_context=True)
def review_queue(context) -> list[dict]:
    """What is due for review (never, or not in twelve months), for the admin's index page.
    One count query per kind the user may see."""
    user = context["request"].user
    queue = []
    for model in (Condition, ReferralLink):
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        queue.append(
            {
                "label": opts.verbose_name_plural.capitalize(),
                "due": model.objects.filter(Reviewed.due_for_review()).count(),
                "url": f"{url}?review=due",
            }
        )
    return queue
