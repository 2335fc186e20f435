"""Comments in the admin: the moderation queue, the spam rules and the examples the
spam checker learns from. Importing the modules registers their model admins."""

from .queue import CommentAdmin
from .reasons import reason_text
from .spam import ModerationSettingsAdmin, SpamExampleAdmin

__all__ = ["CommentAdmin", "ModerationSettingsAdmin", "SpamExampleAdmin", "reason_text"]
