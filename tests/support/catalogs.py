"""Where the catalogs the tests use live.

The tests run on catalogs of their own under tests/fixtures/catalogs (see the README there), so
an admin's edit of the shipped catalog in data/ changes no test's outcome; only the tests marked
``shipped_catalog`` read data/.
"""

from pathlib import Path

from bot.config import DEFAULT_DATA_DIR

FIXTURE_CATALOGS = Path(__file__).resolve().parents[1] / "fixtures" / "catalogs"
# One series, Twilight Out of Focus with its three couples: what the bot processes run on.
ONE_SERIES = FIXTURE_CATALOGS / "one-series"
# The same series beside a made-up second one that shares trope ids and the name "Rei".
TWO_SERIES = FIXTURE_CATALOGS / "two-series"
# The catalog the bot ships with, which server admins edit.
SHIPPED = DEFAULT_DATA_DIR
