"""fork_map: the same results in forked workers as in process, with inherited state."""

import multiprocessing
import os
import signal
import time

import pytest

from quillpress.build.parallel import fork_map
from quillpress.build.split import split_map
from quillpress.errors import QuillError

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
    made = dict(fork_map(add_offset, items, workers=3, threshold=10, here=here))
    assert sorted(made) == items and all(made[i][0] == i for i in items)  # each once, in full
    assert {i for i in items if made[i][1] == os.getpid()} == set(here)


def count_done(item: int) -> int:
    """Workers count what they made; this process's own item waits until they made many."""
    done = INHERITED["done"]
    if os.getpid() != INHERITED["parent"]:
        with done.get_lock():
            done.value += 1
        return item
    deadline = time.monotonic() + 60
    while done.value < INHERITED["enough"] and time.monotonic() < deadline:
        time.sleep(0.01)
    return -done.value  # how many the workers had made meanwhile


def test_workers_make_all_their_items_while_this_process_is_busy_with_its_own():
    """A long item of this process's own (a search bucket) must not leave the workers idle:
    they take their chunks themselves, not when this process next takes results."""
    INHERITED.update(done=multiprocessing.get_context("fork").Value("i", 0), parent=os.getpid(),
                     enough=199)
    made = dict(fork_map(count_done, list(range(200)), workers=3, threshold=10, here=[0]))
    assert -made[0] == 199  # every worker item was made before this process's own ended
    assert sorted(made) == list(range(200)) and all(made[i] == i for i in range(1, 200))


def test_a_small_pools_worker_makes_all_its_items_while_this_process_is_busy():
    """A few items (one made here, the others in one worker) are cut into one-item chunks:
    finished ones waiting to be taken must not stop the worker after two of them while
    this process makes a long item of its own."""
    theirs = 13
    INHERITED.update(done=multiprocessing.get_context("fork").Value("i", 0), parent=os.getpid(),
                     enough=theirs)
    made = dict(fork_map(count_done, list(range(theirs + 1)), workers=2, threshold=0, here=[0]))
    assert -made[0] == theirs  # every worker item was made before this process's own ended
    assert all(made[i] == i for i in range(1, theirs + 1))


def test_one_worker_works_beside_this_process_when_items_are_named_here():
    """The items named here in this process, all the others in one forked worker, none lost
    or made twice."""
    INHERITED["offset"] = 0
    items = list(range(20))
    here = [3, 4, 11]
    made = dict(fork_map(add_offset, items, workers=2, threshold=0, here=here))
    assert sorted(made) == items and all(made[i][0] == i for i in items)
    assert {i for i in items if made[i][1] == os.getpid()} == set(here)
    assert len({made[i][1] for i in items if i not in here}) == 1  # one worker, not this process
    alone = dict(fork_map(add_offset, items, workers=1, threshold=0))  # nothing named: no pool
    assert {pid for _, pid in alone.values()} == {os.getpid()}


def lane_of(item: int) -> str:
    return "odd" if item % 2 else "even"


def worker_and_lane(item: int) -> tuple[int, str]:
    time.sleep(0.002)
    return os.getpid(), lane_of(item)


def test_each_lane_is_one_workers_until_it_takes_from_the_others_at_their_ends():
    """Items of a lane share work done once per worker: a worker makes its own lane's items
    first, so each lane is nearly all one worker's (the other helps with its last chunks)."""
    made = dict(fork_map(worker_and_lane, list(range(400)), workers=2, threshold=10,
                         lane=lane_of))
    assert sorted(made) == list(range(400))
    by_worker: dict[int, dict[str, int]] = {}
    for pid, lane in made.values():
        by_worker.setdefault(pid, {}).setdefault(lane, 0)
        by_worker[pid][lane] += 1
    assert len(by_worker) == 2 and os.getpid() not in by_worker
    owns = {max(lanes, key=lanes.__getitem__): lanes for lanes in by_worker.values()}
    assert set(owns) == {"odd", "even"}  # a lane each...
    assert all(lanes[own] >= 150 for own, lanes in owns.items())  # ...nearly whole


def worker_and_turn(item: int) -> tuple[int, int]:
    """The worker that made the item, and how many it had made with it."""
    time.sleep(0.002)
    INHERITED["made"] = INHERITED.get("made", 0) + 1
    return os.getpid(), INHERITED["made"]


def test_each_lane_is_handed_out_costliest_first():
    """With `cost`, a long item (the newest, longest post, last in source order) is made
    first, not last while the other workers have nothing left: a worker begins with the
    costliest item of a lane and each makes each lane's items in falling cost; results keep
    their indexes, and without a pool the items are made in their order."""
    INHERITED["made"] = 0
    items = list(range(60))
    made = dict(fork_map(worker_and_turn, items, workers=2, threshold=10, lane=lane_of,
                         cost=lambda item: item))
    assert sorted(made) == items
    by_worker: dict[int, list[tuple[int, int]]] = {}
    for item, (pid, turn) in made.items():
        by_worker.setdefault(pid, []).append((turn, item))
    assert os.getpid() not in by_worker
    # The first chunk taken is a lane's first, so one worker begins with the costliest even
    # or odd item. Not each: on a busy machine one may start after the other has made its
    # lane and the start of this one's (or all of it; seen once in 100 runs at load 12).
    assert {min(turns)[1] for turns in by_worker.values()} & {58, 59}
    for turns in by_worker.values():
        in_turn = [item for _, item in sorted(turns)]
        for lane in ("odd", "even"):
            mine = [item for item in in_turn if lane_of(item) == lane]
            assert mine == sorted(mine, reverse=True)
    serial = dict(fork_map(worker_and_turn, items, workers=1, threshold=10, cost=lambda item: item))
    assert [turn for _, turn in (serial[i] for i in items)] == list(range(1, 61))  # no pool: in order


def fails_in_a_worker(item: int) -> int:
    if item == 150:
        raise SystemExit("a plugin exited")  # not an Exception: nothing below catches it
    if item == 250:
        os._exit(3)
    if item == 350:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer does
    return item


def test_a_failing_worker_is_an_error_here_with_its_traceback():
    with pytest.raises(RuntimeError, match="(?s)a forked worker failed:.*a plugin exited"):
        dict(fork_map(fails_in_a_worker, list(range(200)), workers=2, threshold=10))


def test_a_worker_ended_from_outside_is_a_quill_error_saying_what_to_try():
    """A worker killed (out of memory) or exited without an error is no bug to report as
    "unexpected error": the builder stops as for bad input (exit 1, the site as it was), and
    the message says how the worker ended and what to try."""
    with pytest.raises(QuillError, match="worker ended \\(exit status 3\\) before its work"):
        dict(fork_map(fails_in_a_worker, list(range(251, 350)) + [250], workers=2,
                      threshold=10))
    with pytest.raises(QuillError, match="worker was killed by signal 9") as raised:
        dict(fork_map(fails_in_a_worker, list(range(351, 500)) + [350], workers=2,
                      threshold=10))
    assert raised.value.hint is not None and "--workers 1" in raised.value.hint
    with pytest.raises(QuillError, match="killed by signal 9"):
        dict(split_map(fails_in_a_worker, list(range(351, 400)) + [350], here=[0]))


class NeedsTwo(Exception):
    def __init__(self, first: str, second: str) -> None:  # pickle cannot make it anew
        super().__init__(f"{first} {second}")


def raises_in_a_worker(item: int) -> int:
    if item == 120:
        raise QuillError("could not write p120/index.html: No space left on device",
                         "site", hint="the disk is full")
    if item == 121:
        raise NeedsTwo("not", "picklable")
    if item == 299:  # this process's own: the failing worker ends meanwhile
        time.sleep(0.5)
    return item


def test_a_workers_error_reaches_the_caller_as_it_was_raised():
    """A full disk refusing a page a worker writes is a QuillError naming the file: the
    builder removes the staging folder and the command reports it (exit 1), which it does
    for QuillError only; an error that cannot cross processes is a RuntimeError with its
    traceback."""
    with pytest.raises(QuillError, match="No space left") as raised:
        dict(fork_map(raises_in_a_worker, list(range(120, 121)) + list(range(200)),
                      workers=2, threshold=10))
    assert raised.value.path == "site" and raised.value.hint == "the disk is full"
    assert "raises_in_a_worker" in str(raised.value.__cause__)  # the worker's traceback
    with pytest.raises(QuillError, match="No space left"):  # ended while this process was busy
        dict(fork_map(raises_in_a_worker, list(range(120, 300)), workers=3, threshold=10,
                      here=[179]))
    with pytest.raises(RuntimeError, match="(?s)a forked worker failed:.*NeedsTwo: not picklable"):
        dict(fork_map(raises_in_a_worker, list(range(121, 300)), workers=2, threshold=10))
    with pytest.raises(QuillError, match="No space left"):
        dict(split_map(raises_in_a_worker, list(range(122, 200)) + [120], here=[0]))


def test_items_all_named_here_are_made_here_without_a_pool():
    """No item left for a worker (every route made in this process): nothing is forked,
    rather than workers that find no lane to take from and fail."""
    made = dict(fork_map(add_offset, list(range(20)), workers=3, threshold=10,
                         here=list(range(20))))
    assert sorted(made) == list(range(20)) and {pid for _, pid in made.values()} == {os.getpid()}


def big_result(item: int) -> str:
    if item == 0:  # this process's own, while the workers' pipes fill
        time.sleep(0.3)
    return str(item) * 50_000


def test_workers_blocked_on_full_pipes_wait_for_this_process_without_a_deadlock():
    """Results far larger than a pipe holds (20 MB through 1 MB pipes), made while this
    process is busy with its own item: the workers wait, then all arrive, whole."""
    def stuck(*_: object) -> None:
        raise TimeoutError("fork_map did not finish: a deadlock")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(60)
    try:
        made = dict(fork_map(big_result, list(range(200)), workers=3, threshold=10, here=[0]))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert sorted(made) == list(range(200))
    assert all(made[i] == str(i) * 50_000 for i in range(200))


def fails_at_forty(item: int) -> int:
    if item == 40:
        raise QuillError("could not write p40/index.html: No space left on device", "site")
    return item


def test_a_failing_workers_held_results_reach_this_process_before_its_error():
    """A worker sends its results a few at a time: those it made before it failed are sent
    with its error, not lost with it (the pages it wrote are taken and reported)."""
    taken: list[int] = []
    with pytest.raises(QuillError, match="No space left"):
        for index, _ in fork_map(fails_at_forty, list(range(200)), workers=2, threshold=10,
                                 here=[0]):  # one worker, making 1, 2, 3... in order
            taken.append(index)
    assert sorted(taken) == list(range(40))
