"""What fronts show, named as cache keys (see ``core.invalidation``).

A front's page names its own key (a layout saved, published, scheduled or withdrawn there
changes it) and the keys of every story it shows (``articles.reader.front``), so a story
unpublished leaves every front that shows it, whichever section it belongs to.
"""

HOME_FRONT = "front:home"
SCHEDULE = "front-schedule"  # when the next scheduled layout goes live


def front_key(section_id: int | None) -> str:
    """The home page's layout (``section_id`` None) or a section's."""
    return HOME_FRONT if section_id is None else f"front:section:{section_id}"
