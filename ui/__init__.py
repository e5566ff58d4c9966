"""The DHR Desk desktop application (PySide6). It calls :mod:`dhr_desk.services` for everything
it does and holds no business rules of its own."""
