from django.contrib.sitemaps import Sitemap


class GoogleNewsSitemap(Sitemap):
    pass


sitemaps = {}
