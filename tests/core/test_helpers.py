"""core.text, core.pagination and core.memo: small helpers every app shares."""

import pytest
from django.test import RequestFactory

from core.memo import RequestMemoMiddleware, remembered
from core.pagination import page_window, paginate
from core.text import is_empty


@pytest.mark.parametrize("value, empty", [(None, True), ("", True), ("  \n", True), ("text", False), (0, False)])
def test_is_empty(value, empty):
    assert is_empty(value) is empty


def test_an_empty_stream_value_is_empty():
    class StreamValue:
        def __init__(self, raw_data):
            self.raw_data = raw_data

    assert is_empty(StreamValue([]))
    assert not is_empty(StreamValue([{"type": "paragraph", "value": "x"}]))


@pytest.mark.parametrize(
    "current, last, expected",
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 10, [1, 2, 3, None, 10]),
        (5, 10, [1, None, 3, 4, 5, 6, 7, None, 10]),
        (4, 10, [1, 2, 3, 4, 5, 6, None, 10]),
        (10, 10, [1, None, 8, 9, 10]),
    ],
)
def test_page_window(current, last, expected):
    assert page_window(current, last) == expected


@pytest.mark.parametrize("asked, number", [("2", 2), ("x", 1), ("99", 4), ("0", 4)])
def test_a_wrong_page_number_gives_the_nearest_page(asked, number):
    page = paginate(RequestFactory().get("/", {"page": asked}), list(range(10)), 3)
    assert page.number == number


def test_remembered_computes_once_per_request_and_every_time_outside_one():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert remembered("key", compute) == 1
    assert remembered("key", compute) == 2

    def view(request):
        return [remembered("key", compute), remembered("key", compute)]

    assert RequestMemoMiddleware(view)(RequestFactory().get("/")) == [3, 3]
    assert RequestMemoMiddleware(view)(RequestFactory().get("/")) == [4, 4]
