"""Embeds: a post from YouTube, X, Instagram, TikTok, Facebook or Telegram, pasted as a
link alone on its line (as WordPress does).

Pure functions: the provider and the frame address come from the URL's shape alone, so
saving needs no network call. Readers get a placeholder that names the provider and
loads nothing from it until they ask (``static/js/embeds.js``); the content security
policy allows frames from these hosts only (``FRAME_HOSTS``).
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit


@dataclass(frozen=True)
class Embed:
    provider: str  # the key: youtube, x, instagram, tiktok, facebook, telegram
    name: str  # as readers know it
    url: str  # the post, for the link in the placeholder
    frame: str  # what the frame loads once the reader asks
    ratio: str  # the frame's shape before it loads: "16/9", "9/16", "4/5"


_YOUTUBE_ID = r"(?P<id>[A-Za-z0-9_-]{11})"
_PATTERNS = [
    (
        "youtube",
        "YouTube",
        re.compile(
            rf"^https?://(?:www\.|m\.)?(?:youtube\.com/(?:watch\?(?:.*&)?v=|shorts/|embed/|live/)|youtu\.be/){_YOUTUBE_ID}"
        ),
    ),
    (
        "x",
        "X",
        re.compile(r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?P<user>\w{1,15})/status/(?P<id>\d+)"),
    ),
    (
        "instagram",
        "Instagram",
        re.compile(r"^https?://(?:www\.)?instagram\.com/(?P<kind>p|reel|tv)/(?P<id>[\w-]+)"),
    ),
    ("tiktok", "TikTok", re.compile(r"^https?://(?:www\.)?tiktok\.com/@[\w.-]+/video/(?P<id>\d+)")),
    (
        "facebook",
        "Facebook",
        re.compile(
            r"^https?://(?:www\.|m\.)?facebook\.com/(?:[\w.-]+/(?:posts|videos)/[\w.-]+|watch/?\?v=\d+|reel/\d+)"
        ),
    ),
    (
        "telegram",
        "Telegram",
        re.compile(r"^https?://t\.me/(?P<channel>[A-Za-z]\w{3,31})/(?P<id>\d+)/?(?:\?.*)?$"),
    ),
]

FRAME_HOSTS = (
    "https://www.youtube-nocookie.com",
    "https://platform.twitter.com",
    "https://www.instagram.com",
    "https://www.tiktok.com",
    "https://www.facebook.com",
    "https://t.me",
)


def _frame(provider: str, match: re.Match, url: str) -> tuple[str, str]:
    if provider == "youtube":
        start = parse_qs(urlsplit(url).query).get("t", [""])[0].rstrip("s")
        suffix = f"?start={start}" if start.isdigit() else ""
        shape = "9/16" if "/shorts/" in url else "16/9"
        return f"https://www.youtube-nocookie.com/embed/{match['id']}{suffix}", shape
    if provider == "x":
        return f"https://platform.twitter.com/embed/Tweet.html?id={match['id']}", "4/5"
    if provider == "instagram":
        return f"https://www.instagram.com/{match['kind']}/{match['id']}/embed/", "4/5"
    if provider == "tiktok":
        return f"https://www.tiktok.com/embed/v2/{match['id']}", "9/16"
    if provider == "facebook":
        plugin = "video" if "/videos/" in url or "watch" in url or "/reel/" in url else "post"
        return f"https://www.facebook.com/plugins/{plugin}.php?href={quote(url, safe='')}", "4/5"
    return f"https://t.me/{match['channel']}/{match['id']}?embed=1", "4/5"


def embed_for(url: str) -> Embed | None:
    """The embed a URL stands for, or None when it is not a post we know how to show."""
    url = (url or "").strip()
    if len(url) > 500 or any(char.isspace() for char in url):
        return None
    for provider, name, pattern in _PATTERNS:
        match = pattern.match(url)
        if match:
            frame, ratio = _frame(provider, match, url)
            return Embed(provider=provider, name=name, url=url, frame=frame, ratio=ratio)
    return None
