from django.urls import path

from conditions import views

app_name = "conditions"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
]
