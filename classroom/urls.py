from django.urls import path

from classroom import views

app_name = "classroom"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("class/start/", views.start, name="start"),
    path("class/<str:code>/", views.follow, name="follow"),
    path("class/<str:code>/present/", views.present, name="present"),
    path("class/<str:code>/show/", views.show_view, name="show"),
    path("class/<str:code>/end/", views.end, name="end"),
    path("class/<str:code>/polls/", views.start_poll, name="start_poll"),
    path("class/<str:code>/polls/<int:poll_id>/vote/", views.vote, name="vote"),
    path("class/<str:code>/polls/<int:poll_id>/close/", views.close_poll, name="close_poll"),
    path("class/<str:code>/polls/<int:poll_id>/results/", views.poll_results, name="poll_results"),
    path("class/<str:code>/polls/<int:poll_id>/reveal/", views.reveal, name="reveal"),
    path("class/<str:code>/polls/<int:poll_id>/results.csv", views.results_csv, name="results_csv"),
]
