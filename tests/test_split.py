"""split_map: the items named here made in this process, the others in one forked child,
each once and as this process would make them; a child that fails or is left is never lost."""

import gc
import os
import time

import pytest

from quillpress.build import split
from quillpress.build.split import split_map
from quillpress.errors import QuillError

STATE = {"offset": 0, "parent": 0}


def made_where(item: int) -> tuple[int, int]:
    return item + STATE["offset"], os.getpid()


def test_named_items_are_made_here_and_the_others_in_one_child():
    STATE["offset"] = 1000  # set after import: the child sees it because it is forked
    items = list(range(30))
    here = [4, 0, 17]
    made = list(split_map(made_where, items, here))
    assert sorted(index for index, _ in made) == items  # each once
    assert all(result[0] == index + 1000 for index, result in made)
    assert [index for index, (_, pid) in made if pid == os.getpid()] == here  # in that order
    assert len({pid for index, (_, pid) in made if index not in here}) == 1
    STATE["offset"] = 0
    alone = dict(split_map(made_where, items, items))  # nothing left for a child: none forked
    assert {pid for _, pid in alone.values()} == {os.getpid()}


def wait_for_the_child(item: int) -> int:
    """This process's item takes until the child has sent everything (or 60 s have passed)."""
    if os.getpid() == STATE["parent"]:
        deadline = time.monotonic() + 60
        while len(os.listdir(STATE["done"])) < STATE["theirs"] and time.monotonic() < deadline:
            time.sleep(0.01)
        return len(os.listdir(STATE["done"]))
    with open(os.path.join(STATE["done"], str(item)), "w"):
        pass
    return item


def test_the_child_goes_on_while_this_process_makes_a_long_item(tmp_path):
    """Results larger than the pipe holds are not lost, and the child makes every item while
    this process is busy with its own (it waits here until the child has made them all)."""
    STATE.update(parent=os.getpid(), done=str(tmp_path), theirs=12)
    made = dict(split_map(wait_for_the_child, list(range(13)), [0]))
    assert made[0] == 12
    assert all(made[i] == i for i in range(1, 13))


def large(item: int) -> str:
    return str(item) * 300_000  # 3 MB results: more than the pipe holds


def test_results_larger_than_the_pipe_come_whole():
    made = dict(split_map(large, list(range(8)), [0, 5]))
    assert made == {i: str(i) * 300_000 for i in range(8)}


def fails_in_the_child(item: int) -> int:
    if os.getpid() != STATE["parent"] and item == 3:
        raise SystemExit("a plugin exited")  # not an Exception: nothing below catches it
    return item


def test_a_failing_child_is_an_error_here_with_its_traceback():
    STATE["parent"] = os.getpid()
    with pytest.raises(RuntimeError, match="(?s)a forked worker failed:.*a plugin exited"):
        dict(split_map(fails_in_the_child, list(range(6)), [0]))


def dies_in_the_child(item: int) -> int:
    if os.getpid() != STATE["parent"] and item == 3:
        os._exit(3)  # no traceback, nothing sent
    return item


def test_a_child_that_ends_fails_the_item_it_was_making_and_the_rest_are_made_here():
    STATE["parent"] = os.getpid()
    for func, why in ((dies_in_the_child, "exit status 3"), (fails_in_the_child, "a plugin exited")):
        made = list(split_map(func, list(range(8)), [0], failed=lambda item, why: (item, why)))
        assert sorted(index for index, _ in made) == list(range(8))  # each once
        failed = dict(made).pop(3)
        assert failed[0] == 3 and why in failed[1]
        assert all(result == index for index, result in made if index != 3)
    with pytest.raises(QuillError, match="worker ended \\(exit status 3\\) before its work"):
        dict(split_map(dies_in_the_child, list(range(6)), [0]))


def slow_in_the_child(item: int) -> int:
    if os.getpid() != STATE["parent"]:
        time.sleep(20)
    return item


def test_a_child_left_early_is_ended_though_its_parent_only_notes_sigterm():
    """The dev server's SIGTERM handler only sets a flag: the child it forks must not
    inherit it, or it goes on making a long item before it sees the pipe closed."""
    import signal

    STATE["parent"] = os.getpid()
    noted: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda signum, _frame: noted.append(signum))
    try:
        results = split_map(slow_in_the_child, list(range(4)), [0])
        assert next(results) == (0, 0)
        started = time.monotonic()
        results.close()
        assert time.monotonic() - started < 10
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert not noted  # the signal went to the child, not here


def test_a_child_left_early_is_ended_and_waited_for():
    """This process stops taking results (an error of its own, an interrupt): the child is
    ended and reaped, not left making the rest."""
    STATE["offset"] = 0
    results = split_map(made_where, list(range(500)), [0])
    _, (_, parent) = next(results)
    child = next(pid for _, (_, pid) in results if pid != parent)
    results.close()
    with pytest.raises(ProcessLookupError):  # reaped: no such process left
        os.kill(child, 0)


def test_without_a_fork_everything_is_made_here(monkeypatch):
    def no_fork() -> int:
        raise OSError("out of processes")

    monkeypatch.setattr(split.os, "fork", no_fork)
    made = dict(split_map(made_where, list(range(10)), [2]))
    assert {pid for _, pid in made.values()} == {os.getpid()}
    assert [result[0] for _, result in sorted(made.items())] == list(range(10))


def test_then_runs_here_once_this_processs_own_items_are_made():
    """The builder sets its pages up there (`then`), while the child makes the last of its
    items: in this process, after its own items."""
    events: list[object] = []
    for index, (_, pid) in split_map(made_where, list(range(50)), [0, 1],
                                     then=lambda: events.append(("then", os.getpid()))):
        events.append(index if pid == os.getpid() else "child")
    assert events.count(("then", os.getpid())) == 1
    assert events.index(("then", os.getpid())) > max(events.index(0), events.index(1))
    assert events.count("child") == 48


def test_a_child_that_sent_everything_is_reaped_by_the_next_split():
    STATE["offset"] = 0
    made = dict(split_map(made_where, list(range(5)), [0]))
    child = made[4][1]
    deadline = time.monotonic() + 60
    while _state(child) != "Z" and time.monotonic() < deadline:  # exited, not yet waited for
        time.sleep(0.01)
    dict(split_map(made_where, [1, 2], [0, 1]))  # nothing for a child: only the reaping
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)


def _state(pid: int) -> str:
    """The process's state letter (Linux /proc): Z for one that exited and was not waited for."""
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0]


def collector_on(item: int) -> bool:
    return gc.isenabled()


def test_a_child_collects_its_garbage_while_this_process_keeps_its_collector_off():
    """A one-off build's main process keeps its collector off after its first stage
    (heap.settle); the workers it forks make and drop objects of their own with every body
    and page, and collect their cycles (a plugin's, a theme's), or those would stay to the
    end of the stage."""
    was = gc.isenabled()
    gc.disable()
    try:
        made = dict(split_map(collector_on, list(range(4)), [0]))
    finally:
        if was:
            gc.enable()
    assert made == {0: False, 1: True, 2: True, 3: True}  # here as this process has it
