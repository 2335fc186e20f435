"""The names of the articles app's background tasks.

``tasks.py`` registers its tasks under these names; the domain queues them by name through
``core.queue`` and never imports ``tasks`` (which imports the domain).
"""

from enum import StrEnum


class TaskName(StrEnum):
    UPDATE_RELATED = "articles.tasks.update_related"
    PUBLISH_DUE_ARTICLES = "articles.tasks.publish_due_articles"
    MAKE_RENDITIONS = "articles.tasks.make_renditions"
    NOTIFY_DESK = "articles.tasks.notify_desk"
