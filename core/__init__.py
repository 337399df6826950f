"""The ground floor: what every room shares (the API's error shape and input, pagination,
throttling, schedules, database errors, the request guard, the schema hooks, log format).

It imports no app: ``games``, ``training``, ``promotion`` and ``dashboards`` build on it, and
``rpsweb`` (settings, URLs, Celery, WSGI) is the roof over them all.
"""
