from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "conditions/home.html", {"nav": "map"})


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "conditions/about.html", {"nav": "about"})
