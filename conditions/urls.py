from django.urls import path

from conditions import views

app_name = "conditions"

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/<slug:slug>/", views.region, name="region"),
    path("regions/<slug:slug>/export.svg", views.region_export, name="region_export"),
    path("about/", views.about, name="about"),
    path("search/", views.search, name="search"),
    path("conditions/<slug:slug>/", views.condition, name="condition"),
    path("mechanisms/<slug:slug>/", views.mechanism, name="mechanism"),
    path("chains/", views.chains, name="chains"),
    path("links/details/", views.link_details, name="link_details"),
    path("warnings/", views.warning_details, name="warning_details"),
]
