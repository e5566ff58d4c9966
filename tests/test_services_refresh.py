"""How often the app reads the dashboard and case list afresh: never on its own on one
laptop's database, every minute on a server others write to — unless Settings say otherwise."""

from __future__ import annotations

import pytest

from dhr_desk.errors import ValidationError
from dhr_desk.services import policy
from dhr_desk.storage.database import Database


def test_a_shared_server_is_read_every_minute_and_a_laptop_only_when_asked(db: Database) -> None:
    expected = 60 if db.is_server else 0
    assert policy.setting(db, "refresh_seconds") == expected
    assert policy.all_settings(db)["refresh_seconds"] == expected


def test_the_setting_chosen_holds_on_either_store(db: Database) -> None:
    policy.save_settings(db, {"refresh_seconds": 0 if db.is_server else 45})
    assert policy.setting(db, "refresh_seconds") == (0 if db.is_server else 45)
    assert policy.setting_limits("refresh_seconds") == (0, 3600)


def test_more_than_an_hour_is_refused_in_plain_words(db: Database) -> None:
    with pytest.raises(ValidationError, match="from 0 to 3600: 0 reads them only when asked"):
        policy.save_settings(db, {"refresh_seconds": 3601})
    assert policy.setting(db, "refresh_seconds") == (60 if db.is_server else 0)
