"""Pages of a list: which page a request asks for, and which page numbers to link."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


def paginate(request, items, per_page):
    """A page of items; a wrong page number gives the nearest real page, never an error."""
    paginator = Paginator(items, per_page)
    number = request.GET.get("page", 1)
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def page_window(current, last, around=2):
    """The page numbers to link: the first, the last and `around` either side of the current one;
    None marks a gap (shown as …). A handful of numbers however many pages there are."""
    numbers, previous = [], 0
    for number in sorted({1, last, *range(max(1, current - around), min(last, current + around) + 1)}):
        if number - previous > 1:
            numbers.append(None)
        numbers.append(number)
        previous = number
    return numbers
