"""The service layer: everything the desktop app and the command line can do.

Services take a :class:`~dhr_desk.storage.database.Database` (or an open ``Session`` when they
compose), validate input with :mod:`dhr_desk.services.fields`, and commit one unit of work.
"""
