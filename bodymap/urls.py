from django.contrib import admin
from django.urls import include, path

from bodymap import views
from conditions import preview

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("preview/", preview.start, name="preview"),
    path("preview/leave/", preview.leave, name="preview_leave"),
    path("admin/", admin.site.urls),
    path("lessons/", include("lessons.urls")),
    path("", include("classroom.urls")),
    path("", include("patterns.urls")),
    path("", include("conditions.urls")),
]

handler404 = "bodymap.views.page_not_found"
