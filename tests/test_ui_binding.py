"""The Qt binding the app runs on keeps Python's reference counts straight.

PySide6/shiboken6 6.12.0 dropped one reference to ``None`` on every Qt call that returns nothing;
a few minutes of typing (several such calls per keystroke) then killed the process with
``Fatal Python error: none_dealloc``. pyproject.toml excludes that release; this test catches any
release that brings the fault back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

CALLS = 20_000


def test_void_qt_calls_keep_the_reference_count_of_none(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    label = QLabel(host)
    edit = QLineEdit(host)
    before = sys.getrefcount(None)
    for i in range(CALLS):
        label.setText("typed")  # the calls the forms make on every keystroke
        edit.setStyleSheet("")
        label.hide()
        label.show()
        edit.clear()
        if i % 100 == 0:
            label.style().unpolish(label)
            lost = before - sys.getrefcount(None)
            # A leaking binding loses one reference per call; a sound one loses none. Stop at
            # the first sign, long before None itself would be freed and the process abort.
            assert lost < 100, f"{lost:,} references to None lost after {i * 5:,} Qt calls"
    assert before - sys.getrefcount(None) < 100
