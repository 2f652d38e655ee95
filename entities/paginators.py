"""Counting big result sets without counting them.

An exact COUNT(*) reads every matching row: at a million statements that costs
more than the rest of the page.
On PostgreSQL, a result the planner expects to hold more than `THRESHOLD` rows is
given the planner's estimate instead, and pages say "about". Smaller results, and
every result on SQLite, are counted exactly.

On PostgreSQL the choice is made in the database, by the function
count_or_estimate() (migration entities 0005), so a page issues one count query
whatever the size of the data.
"""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.utils.functional import cached_property

THRESHOLD = 10_000


def sql_of(queryset):
    """(sql, params) of the queryset, or None when it can match nothing (a filter such
    as pk__in=[], which Django does not send to the database)."""
    try:
        return queryset.query.sql_with_params()
    except EmptyResultSet:
        return None


def count_all(querysets, threshold):
    """How many rows each queryset holds, in one query whatever their number: on
    PostgreSQL by count_or_estimate() (a negative number is the planner's estimate, for
    more than `threshold` rows), on SQLite exactly. A queryset that can match nothing is
    0, and asks nothing."""
    # The rows' ids alone: no ordering, no joins for display.
    queries = [sql_of(queryset.order_by().values("pk")) for queryset in querysets]
    if all(query is None for query in queries):
        return [0] * len(queries)
    db = querysets[0].db
    postgresql = connections[db].vendor == "postgresql"
    parts, params = [], []
    with connections[db].cursor() as cursor:
        for query in queries:
            if query is None:
                parts.append("0")
            elif postgresql:
                parts.append("count_or_estimate(%s, %s)")
                params += [cursor.mogrify(*query).decode(), threshold]
            else:
                parts.append(f"(SELECT COUNT(*) FROM ({query[0]}) AS counted)")
                params += list(query[1])
        cursor.execute("SELECT " + ", ".join(parts), params)
        return list(cursor.fetchone())


def planner_rows(*querysets):
    """How many rows PostgreSQL expects each of `querysets` to return, in one query:
    with a threshold below any estimate, count_or_estimate() gives the estimate alone."""
    return [abs(rows) for rows in count_all(querysets, -1)]


def count_or_estimate(queryset):
    """(rows, estimated): `queryset`'s count, or on PostgreSQL the planner's estimate of it
    when that is above THRESHOLD, in one query."""
    (count,) = count_all([queryset], THRESHOLD)
    return abs(count), count < 0


class EstimatedCountPaginator(Paginator):
    """Estimates big counts (above), and reads deep pages by a deferred join.

    Page 1,000 of a list skips 25,000 rows. Skipping them in the list's index alone
    (ids only), then reading the 25 rows wanted, avoids reading 25,000 whole rows
    (docs/performance.md, deep pages).
    """

    estimated = False
    #: From this offset on, pages are read by a deferred join: every page after the
    #: first, so page 2 costs the queries page 1,000 does.
    DEFERRED_JOIN_FROM = 1

    @cached_property
    def count(self):
        queryset = self.object_list
        if not hasattr(queryset, "query"):
            return super().count
        count, self.estimated = count_or_estimate(queryset)
        return count

    def validate_number(self, number):
        if not (self.count and self.estimated):
            return super().validate_number(number)
        # An estimate may fall short: pages past it are served while they hold rows.
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        if number > 2 * self.num_pages + 1:  # far past any plausible miss of the estimate
            raise EmptyPage("That page contains no results")
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        queryset = self.object_list
        if bottom < self.DEFERRED_JOIN_FROM and not self.estimated:
            return super().page(number)
        if bottom < self.DEFERRED_JOIN_FROM or not hasattr(queryset, "values_list"):
            rows = list(queryset[bottom : bottom + self.per_page])
        else:
            ids = list(queryset.values_list("pk", flat=True)[bottom : bottom + self.per_page])
            found = queryset.in_bulk(ids) if ids else {}
            rows = [found[pk] for pk in ids if pk in found]
        if number > 1 and not rows:
            raise EmptyPage("That page contains no results")
        return self._get_page(rows, number, self)
