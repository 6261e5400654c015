from django.urls import path

from classroom.consumers import ClassConsumer, PresenterConsumer

websocket_urlpatterns = [
    path("ws/class/<str:code>/", ClassConsumer.as_asgi()),
    path("ws/class/<str:code>/present/", PresenterConsumer.as_asgi()),
]
