"""Post an admin form as a browser would: every field of the page's form and inline formsets
with its current value, then the test's changes on top."""

from django.test import Client


def form_values(form) -> dict:
    data: dict = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        if isinstance(value, list | tuple):
            value = [str(item) for item in value]
        data[bound.html_name] = value
    return data


def admin_form_data(response) -> dict:
    """The values a browser would send back from an admin add or change page."""
    data = form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= form_values(formset.management_form)
        for form in formset.forms:
            data |= form_values(form)
    return data


def new_inline(data: dict, prefix: str, **fields) -> dict:
    """`data` with one more form in the inline formset `prefix`, filled with `fields`."""
    number = int(data[f"{prefix}-TOTAL_FORMS"])
    data = {**data, f"{prefix}-TOTAL_FORMS": str(number + 1)}
    return data | {f"{prefix}-{number}-{name}": value for name, value in fields.items()}


def post_admin_form(client: Client, url: str, **changes):
    """Open `url`, then send its form back with `changes` (html names → values)."""
    page = client.get(url)
    assert page.status_code == 200, url
    data = admin_form_data(page) | changes
    return client.post(url, {k: v for k, v in data.items() if v is not None})
