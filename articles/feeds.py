from django.contrib.syndication.views import Feed


class LatestArticlesFeed(Feed):
    pass


class SectionFeed(Feed):
    pass
