"""Where the uncached soak test's time goes, by kind of address, in one process:
    SOAK_URLS=/tmp/urls DATABASE_URL=... DJANGO_PAGE_CACHE_SECONDS=0 \
        .venv/bin/python manage.py shell < scripts/soak_mix.py

SOAK_URLS is a file of addresses, one a line, as `KEEP_URLS` makes scripts/soak.sh write
them. Each address is requested once to warm up, then twice timed, anonymously, through
Django's test client; printed: each kind's addresses, mean ms, and share of the total.
docs/performance.md, "Throughput without the cache", quotes it.
"""

import os
import re
import time
from collections import defaultdict

from django.test import Client, override_settings


def kind(url):
    if "format=" in url:
        return "export " + url.split("format=")[1].split("&")[0]
    if url.startswith("/statements/?source="):
        return "list of a source's statements"
    if match := re.match(r"^/(\w+)/[^?/]+/$", url):
        return f"{match.group(1)} pages"
    return "other lists, search, home"


def measure(urls, rounds=2):
    spent, counted = defaultdict(float), defaultdict(int)
    client = Client()
    for url in urls:
        client.get(url, secure=True)
    for _ in range(rounds):
        for url in urls:
            started = time.perf_counter()
            response = client.get(url, secure=True)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}: draw the addresses again")
            if response.streaming:
                b"".join(response.streaming_content)
            spent[kind(url)] += (time.perf_counter() - started) * 1000 / rounds
            counted[kind(url)] += 1
    total = sum(spent.values())
    for name in sorted(spent, key=spent.get, reverse=True):
        addresses = counted[name] // rounds
        print(
            f"{name:30} {addresses:4} addresses {spent[name] / addresses:6.1f} ms each"
            f"  {spent[name] / total:6.1%} of the time"
        )
    print(f"{len(urls)} addresses, {total / len(urls):.1f} ms each on average")


with open(os.environ["SOAK_URLS"], encoding="utf-8") as lines:
    addresses = [line.strip() for line in lines if line.strip()]
with override_settings(ALLOWED_HOSTS=["testserver"], PAGE_CACHE_SECONDS=0):
    measure(addresses)
