import markdown
import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

CAPTION_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "blockquote"}


@register.filter
def caption_html(text: str) -> SafeString:
    """An educator's caption: Markdown rendered, then sanitised, so no markup they type runs."""
    rendered = markdown.markdown(text or "", output_format="html")
    return mark_safe(
        nh3.clean(
            rendered,
            tags=CAPTION_TAGS,
            attributes={"a": {"href", "title"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
        )
    )


@register.simple_tag(takes_context=True)
def present_url(context, on: bool) -> str:
    """The current address with presentation mode switched on or off, other parameters kept."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("present", None)
    if on:
        query["present"] = "1"
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path
