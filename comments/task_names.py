"""The names of the comments app's background tasks.

``tasks.py`` and ``periodic.py`` register their tasks under these names; the domain queues
them by name through ``core.queue`` and never imports them (they import the domain).
"""

from enum import StrEnum


class TaskName(StrEnum):
    MODERATE_COMMENT = "comments.tasks.moderate_comment"
    RETRAIN_SPAM_MODEL = "comments.tasks.retrain_spam_model"
    NOTIFY_MODERATORS = "comments.tasks.notify_moderators"
    NOTIFY_REPLY = "comments.tasks.notify_reply"
    SEND_ADDRESS_CONFIRMATION = "comments.tasks.send_address_confirmation"
    PURGE_COMMENT_TRACES = "comments.periodic.purge_comment_traces"
    REQUEUE_UNCHECKED_COMMENTS = "comments.periodic.requeue_unchecked_comments"
    DELETE_OLD_SPAM = "comments.periodic.delete_old_spam"
