from django.views import defaults

page_not_found = defaults.page_not_found
server_error = defaults.server_error
