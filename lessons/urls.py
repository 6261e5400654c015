from django.urls import path

from lessons import views

app_name = "lessons"

urlpatterns = [
    path("", views.lesson_list, name="list"),
    path("<slug:slug>/", views.step, name="lesson"),
    path("<slug:slug>/<int:number>/", views.step, name="step"),
    path("<slug:slug>/<int:number>/export.svg", views.step_export, name="step_export"),
]
