from django.urls import path

from conditions import views

app_name = "conditions"

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/<slug:slug>/", views.region, name="region"),
    path("about/", views.about, name="about"),
]
