from django.urls import path

from patterns import views

app_name = "patterns"

urlpatterns = [
    path("pattern/", views.pattern, name="pattern"),
    path("pattern/export.svg", views.pattern_export, name="pattern_export"),
]
