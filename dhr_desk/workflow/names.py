"""What the reviews are called: the labels follow the settings and the law in force.

* A DHR is a Domestic Homicide Review until section 19 of the Victims and Prisoners Act 2024 is
  in force (setting ``vpa_s19_in_force``); from then on it is a Domestic Abuse Related Death
  Review (DARDR), whatever ``dhr_label`` says. Before then ``dhr_label`` may already say DARDR.
* An ASB Case Review is called by the setting ``ct_label`` (default "ASB Case Review (Community
  Trigger)", the July 2025 guidance's name with the older one after it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dhr_desk.domain import CaseKind

DHR_NAMES = {"DHR": "Domestic Homicide Review", "DARDR": "Domestic Abuse Related Death Review"}


def dhr_label(values: Mapping[str, Any]) -> str:
    """``DHR`` or ``DARDR``."""
    if values.get("vpa_s19_in_force"):
        return "DARDR"
    return str(values.get("dhr_label") or "DHR")


def label(kind: CaseKind, values: Mapping[str, Any]) -> str:
    """The short name documents carry in their header: ``DHR``, ``DARDR`` or the CT label."""
    if kind == CaseKind.COMMUNITY_TRIGGER:
        return str(values["ct_label"])
    return dhr_label(values)


def review_name(kind: CaseKind, values: Mapping[str, Any]) -> str:
    """The full name: ``Domestic Homicide Review``, ``Domestic Abuse Related Death Review``, or
    the CT label."""
    if kind == CaseKind.COMMUNITY_TRIGGER:
        return str(values["ct_label"])
    return DHR_NAMES.get(dhr_label(values), DHR_NAMES["DHR"])
