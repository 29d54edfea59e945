"""A heavy model is loaded once per process, however many threads ask for it at once."""

from __future__ import annotations

import threading
import time

from tutor.grading.embedded.shared import process_wide


def test_threads_asking_at_once_share_one_load() -> None:
    loads: list[int] = []

    def load() -> object:
        loads.append(1)
        time.sleep(0.05)  # long enough for every thread to be waiting on the first load
        return object()

    get = process_wide(load)
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(get())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(loads) == 1
    assert len(got) == 8 and all(g is got[0] for g in got)
    assert get() is got[0]
