"""The names of core's background tasks (see ``core.queue``)."""

from enum import StrEnum


class TaskName(StrEnum):
    PURGE_SHARED_CACHE = "core.tasks.purge_shared_cache"
    FORGET_OLD_INVALIDATIONS = "core.tasks.forget_old_invalidations"
    SEND_UNSENT_TASKS = "core.tasks.send_unsent_tasks"
