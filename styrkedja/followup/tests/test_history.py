"""A file's report rows read against a report's history: kept, added or refused, never lost."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from styrkedja.followup.history import history_merge


def test_an_unchanged_file_keeps_everything():
    assert history_merge(["a", "b"], ["a", "b"]).kept == [0, 1]
    assert history_merge(["a", "b"], ["a", "b"]).added == []


def test_rows_after_the_last_known_row_are_added_in_order():
    merge = history_merge(["a", "b"], ["a", "b2", "c"])
    assert (merge.kept, merge.added, merge.rewritten) == ([0], [1, 2], [])


def test_a_changed_row_before_a_known_row_would_rewrite_the_past():
    merge = history_merge(["a", "b"], ["a2", "b"])
    assert (merge.kept, merge.added, merge.rewritten) == ([1], [], [0])


def test_rows_left_out_of_the_file_stay_in_the_history():
    # Downloaded before "b" was reported: the file changes nothing.
    merge = history_merge(["a", "b"], ["a"])
    assert (merge.kept, merge.added, merge.rewritten) == ([0], [], [])


def test_with_no_history_every_row_is_added():
    assert history_merge([], ["a", "b"]).added == [0, 1]


rows = st.lists(st.sampled_from("abcde"), max_size=8)


@given(rows, rows)
def test_every_row_of_the_file_is_kept_added_or_refused_once(history, file_rows):
    merge = history_merge(history, file_rows)
    assert sorted(merge.kept + merge.added + merge.rewritten) == list(range(len(file_rows)))
    # The kept rows are the history's rows in the history's order.
    positions, start = [], 0
    for index in merge.kept:
        start = history.index(file_rows[index], start) + 1
        positions.append(start)
    assert positions == sorted(positions)
    # Added rows all come after the last kept row, refused ones before it.
    last = merge.kept[-1] if merge.kept else -1
    assert all(index > last for index in merge.added)
    assert all(index < last for index in merge.rewritten)


@given(rows, rows)
def test_a_file_of_the_history_with_rows_added_at_the_end_adds_exactly_those(history, extra):
    merge = history_merge(history, history + extra)
    assert merge.rewritten == []
    assert merge.kept[: len(history)] == list(range(len(history)))
    assert all(index >= len(history) for index in merge.added)
