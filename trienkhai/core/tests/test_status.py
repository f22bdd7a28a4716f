import datetime as dt

import pytest

from trienkhai.core.status import TaskState, state_of

D = dt.date


@pytest.mark.parametrize(
    "done,due,today,expected",
    [
        (D(2022, 1, 5), D(2022, 1, 10), D(2022, 2, 1), TaskState.DONE_ON_TIME),
        (D(2022, 1, 10), D(2022, 1, 10), D(2022, 2, 1), TaskState.DONE_ON_TIME),
        (D(2022, 1, 11), D(2022, 1, 10), D(2022, 2, 1), TaskState.DONE_LATE),
        (None, D(2022, 1, 10), D(2022, 1, 10), TaskState.OPEN),
        (None, D(2022, 1, 10), D(2022, 1, 11), TaskState.OVERDUE),
        (None, None, D(2030, 1, 1), TaskState.OPEN),
    ],
)
def test_four_states(done, due, today, expected):
    assert state_of(done_on=done, due=due, today=today) == expected
