import os
from pathlib import Path

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

app = Celery("newsroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _make_queue_folders() -> None:
    """kombu's filesystem transport (``make run`` without Redis) needs its folders to
    exist before the first message, which may be sent before any worker starts."""
    if str(app.conf.broker_url).startswith("filesystem://"):
        options = app.conf.broker_transport_options or {}
        for key in ("data_folder_in", "data_folder_out", "control_folder"):
            if options.get(key):
                Path(options[key]).mkdir(parents=True, exist_ok=True)


app.on_after_configure.connect(lambda sender, **kwargs: _make_queue_folders(), weak=False)


@task_prerun.connect
@task_postrun.connect
def release_stale_connections(task=None, **_kwargs) -> None:
    """Treat each task like a request: reuse the database connection for
    DJANGO_CONN_MAX_AGE seconds and drop it when it is broken or too old.

    Celery's own Django fix-up would otherwise open a new connection for every task
    (CELERY_DB_REUSE_MAX in settings hands this decision to Django).
    """
    from django.db import close_old_connections

    if task is not None and getattr(task.request, "is_eager", False):
        return  # run inside the caller's request or transaction: its connection is not ours
    close_old_connections()
