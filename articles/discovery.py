from django.http import HttpResponse


def robots_txt(request):
    return HttpResponse("", content_type="text/plain")
