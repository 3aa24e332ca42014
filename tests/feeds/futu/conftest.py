"""The fake OpenD the Futu source tests talk to: one per test, its numbers fixed by a seed."""

import pytest


@pytest.fixture
def fake():
    from tests.support.fake_opend import FakeOpenD  # imports futu: only where it is installed
    with FakeOpenD(seed=7) as server:
        yield server
