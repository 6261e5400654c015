from django.http import HttpRequest


def presentation(request: HttpRequest) -> dict:
    """Presentation mode is a URL parameter, so an educator can link straight into it."""
    presenting = request.GET.get("present") == "1"
    return {"presenting": presenting, "present_query": "?present=1" if presenting else ""}
