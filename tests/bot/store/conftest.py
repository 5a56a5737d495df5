"""Every store test works on a real database: a file under pytest's tmp_path for SQLite.

contract/ holds what every backend promises, run against each backend (the `backend` fixture);
sqlite/ holds what only the SQLite backend does (file faults, migrations of old files, WAL),
marked sqlite_only.
"""

from __future__ import annotations

import pytest
from manual_clock import ManualClock


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()
