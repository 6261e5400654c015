"""The live class's WebSocket: it only listens, and passes the class's messages on.

Students connect to /ws/class/<code>/, the presenter's screens to /ws/class/<code>/present/,
which also carries the live answer counts the room must not see. Everything that changes a
class goes through the presenter page's POST forms (with their CSRF protection); a socket that
sends anything is told no.
"""

import contextlib
import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from redis.exceptions import RedisError

from classroom.models import ClassSession, normalise_code

logger = logging.getLogger(__name__)

# Close codes: 4000 + the HTTP status a page would have answered.
FORBIDDEN = 4403
NOT_FOUND = 4404
GONE = 4410
UNAVAILABLE = 4503


@database_sync_to_async
def _find_class(code: str) -> ClassSession | None:
    tidy = normalise_code(code)
    return ClassSession.objects.filter(code=tidy).first() if tidy else None


class ClassConsumer(AsyncJsonWebsocketConsumer):
    presenting = False  # the presenter's screens join the presenter group instead
    groups_joined: list[str]

    async def connect(self) -> None:
        self.groups_joined = []
        kwargs = self.scope["url_route"]["kwargs"]
        session = await _find_class(kwargs["code"])
        if session is None:
            await self.close(code=NOT_FOUND)
            return
        if not session.is_live:
            await self.close(code=GONE)
            return
        if self.presenting and not session.can_control(self.scope["user"]):
            # Before accept(): the handshake itself is refused with 403.
            await self.close(code=FORBIDDEN)
            return
        # The presenter's screens get the presenter's own fragments, never the students'.
        groups = [session.presenter_group_name if self.presenting else session.group_name]
        try:
            for group in groups:
                await self.channel_layer.group_add(group, self.channel_name)
        except (OSError, RedisError, TimeoutError) as error:
            logger.warning("Live class socket refused, the channel layer failed: %r", error)
            await self.close(code=UNAVAILABLE)  # the page falls back to fetching the state
            return
        self.groups_joined = groups
        await self.accept()

    async def disconnect(self, code: int) -> None:
        for group in self.groups_joined:
            # If the layer is unreachable, the group forgets the socket by itself (group_expiry).
            with contextlib.suppress(OSError, RedisError, TimeoutError):
                await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        await self.send_json(
            {
                "kind": "error",
                "status": 403,
                "detail": "A class is controlled from its presenter page.",
            }
        )

    async def class_message(self, event: dict) -> None:
        await self.send_json({"kind": event["kind"], "html": event["html"], "sent": event["sent"]})


class PresenterConsumer(ClassConsumer):
    presenting = True
