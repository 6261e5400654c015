from django.http import HttpRequest

from bodymap import query


def presentation(request: HttpRequest) -> dict:
    """Presentation mode is a URL parameter, so an educator can link straight into it."""
    presenting = query.choice(request.GET, "present", ("1",), "") == "1"
    return {"presenting": presenting, "present_query": "?present=1" if presenting else ""}
