"""Telling the room: rendered fragments sent to a class's channel-layer groups.

Every change is saved before it is sent, and a client fetches the whole current state over HTTP
whenever its socket (re)connects, so a message that never arrives costs a moment, not the truth.
When the channel layer cannot be reached (Redis down) the change stands and the send is skipped:
the pages fall back to fetching the state every few seconds (static/js/classroom.js).
"""

import logging
import time

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def send(group: str, kind: str, html: str = "") -> bool:
    """Send `html` to everyone in `group` as a message of `kind`; False when it could not be
    sent. `sent` lets a client (and `make bench`) measure how long delivery took."""
    layer = get_channel_layer()
    if layer is None:
        return False
    message = {"type": "class.message", "kind": kind, "html": html, "sent": time.time()}
    try:
        async_to_sync(layer.group_send)(group, message)
    except (OSError, RedisError, TimeoutError) as error:
        logger.warning("Live class update to %s not sent: %s", group, error)
        return False
    return True
