"""call_in_child: the call runs in a forked child; its result or exception comes back."""
import os

import pytest

from audiobook.errors import UserError
from audiobook.forked import call_in_child


def _pid_and_sum(*numbers):
    return os.getpid(), sum(numbers)


def _refuse(message):
    raise UserError(message)


def _unpicklable():
    return lambda: None


def test_the_call_runs_in_another_process_and_its_result_comes_back():
    pid, total = call_in_child(_pid_and_sum, 1, 2, 3)
    assert total == 6
    assert pid != os.getpid()


def test_the_childs_exception_is_raised_here_with_its_stack_as_a_note():
    with pytest.raises(UserError) as caught:
        call_in_child(_refuse, "no such book")
    assert str(caught.value) == "no such book"
    assert "_refuse" in caught.value.__notes__[0]


def test_a_result_that_cannot_be_pickled_is_an_error_not_a_hang():
    with pytest.raises(RuntimeError, match="could not be passed back"):
        call_in_child(_unpicklable)
