"""What comment pages show, named as cache keys (see ``core.invalidation``)."""

COMMENTS_FEED = "comments-feed"


def comments_key(article_id: int) -> str:
    """The approved comments under one article."""
    return f"comments:{article_id}"
