"""The service layer: everything a person can do, for the desktop app and the command line.

Services take a :class:`~dhr_desk.storage.database.Database`, validate input with the record
kernel (:mod:`dhr_desk.records`) and commit one unit of work per call. The layers below register
their save rules and settings when they are imported; every service module that saves records
imports the clocks (:mod:`dhr_desk.workflow`), so every save made through a service sees every
rule. This package itself imports nothing, so the app can load its start-up screens (unlocking
through :mod:`.access`) before the rest of the core.
"""
