"""Pages of long lists that sort first and join after.

A list page shows 50 rows but joins five tables to show them. Given the joins and the sort in
one statement, PostgreSQL joins every row the user may see and then keeps 50: at 20 000
visible findings that is most of the page's time. This paginator sorts and cuts the page on the
main table alone, and joins only the page's rows, in the same single statement.
"""

from django.core.paginator import Paginator


class SortThenJoinPaginator(Paginator):
    """Paginator whose page rows are `queryset.filter(pk__in=<the page's ids>)` with the joins.

    `object_list` carries the ordering (and may carry select_related: it is dropped for the
    count and for choosing the page); the page is loaded with `select_related` of `relations`.
    """

    def __init__(self, object_list, per_page, *, relations, **options):
        self.relations = relations
        super().__init__(object_list.select_related(None), per_page, **options)

    def _get_page(self, object_list, number, paginator):
        ordering = object_list.query.order_by
        page_ids = object_list.values("pk")  # still sliced: LIMIT … OFFSET in a subquery
        rows = object_list.model.objects.filter(pk__in=page_ids).select_related(*self.relations).order_by(*ordering)
        return super()._get_page(rows, number, paginator)


class RowsFirstPaginator(Paginator):
    """Pages of a set given as rows of an id and a sort key (typically a UNION of the places the
    set comes from): counted and cut on those rows alone; the page's objects are then loaded with
    `relations` by their ids, in `ordering`.

    `row_ordering` orders the rows and names the id first, e.g. ("-readable_at", "-readable_id");
    `ordering` is the same order on the model. One query more than a plain page (the ids, then
    the objects), and none that visits a row outside the page.
    """

    def __init__(self, rows, per_page, *, model, row_ordering, ordering, relations, **options):
        self.model, self.ordering, self.relations = model, ordering, relations
        self.id_column = row_ordering[-1].lstrip("-")
        super().__init__(rows.order_by(*row_ordering), per_page, **options)

    def _get_page(self, object_list, number, paginator):
        ids = [row[self.id_column] for row in object_list]
        objects = self.model.objects.filter(pk__in=ids).select_related(*self.relations).order_by(*self.ordering)
        return super()._get_page(objects, number, paginator)
