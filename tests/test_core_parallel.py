"""fork_map: the same results in forked workers as in process, with inherited state."""

import os

from quillpress.parallel import fork_map

INHERITED = {"offset": 0}


def add_offset(item: int) -> tuple[int, int]:
    return item + INHERITED["offset"], os.getpid()


def test_forked_and_serial_runs_agree_and_workers_see_the_parents_state():
    INHERITED["offset"] = 1000  # set after import: only a fork (not a spawn) sees it
    items = list(range(200))
    forked = dict(fork_map(add_offset, items, workers=2, threshold=10))
    serial = dict(fork_map(add_offset, items, workers=1, threshold=10))
    assert [forked[i][0] for i in range(200)] == [serial[i][0] for i in range(200)] == \
        [i + 1000 for i in items]
    assert os.getpid() not in {pid for _, pid in forked.values()}
    assert {pid for _, pid in serial.values()} == {os.getpid()}


def test_items_named_here_are_made_in_this_process_beside_the_workers():
    INHERITED["offset"] = 0
    items = list(range(200))
    here = [0, 57, 199]
    made = dict(fork_map(add_offset, items, workers=2, threshold=10, here=here))
    assert sorted(made) == items and all(made[i][0] == i for i in items)  # each once, in full
    assert {i for i in items if made[i][1] == os.getpid()} == set(here)
