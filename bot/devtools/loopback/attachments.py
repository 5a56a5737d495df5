"""Files the bot uploads with a message. Discord gives each one an id, a size and a CDN url; the
message the bot gets back must carry them, or discord.py cannot build its Attachment objects."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from typing import Any


def with_stored_attachments(body: Any, files: dict[str, bytes], new_id: Callable[[], str]) -> Any:
    """The body with each newly uploaded file's attachment as Discord stores it, for the handler
    to answer with; the request itself is recorded as sent. None when nothing was uploaded. A
    callback carries its message under "data"."""
    if not files or not isinstance(body, dict):
        return None
    if isinstance(body.get("data"), dict) and "attachments" in body["data"]:
        data = with_stored_attachments(body["data"], files, new_id)
        return None if data is None else {**body, "data": data}
    if not isinstance(body.get("attachments"), list):
        return None
    stored = [_stored(attachment, files, new_id) for attachment in body["attachments"]]
    return {**body, "attachments": stored}


def _stored(attachment: Any, files: dict[str, bytes], new_id: Callable[[], str]) -> Any:
    filename = attachment.get("filename") if isinstance(attachment, dict) else None
    content = files.get(filename) if isinstance(filename, str) else None
    if content is None:
        return attachment  # an attachment kept from before, or a malformed one
    attachment_id = new_id()
    url = f"https://cdn.discordapp.com/attachments/0/{attachment_id}/{filename}"
    return {
        **attachment,
        "id": attachment_id,
        "size": len(content),
        "url": url,
        "proxy_url": url,
        "content_type": mimetypes.guess_type(filename)[0] or "application/octet-stream",
    }
