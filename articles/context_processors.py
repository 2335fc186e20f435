from .models import Section


def navigation(request):
    """The sections' menu on every public page (lazy: pages without a menu never query)."""
    return {"nav_sections": Section.objects.all()}
