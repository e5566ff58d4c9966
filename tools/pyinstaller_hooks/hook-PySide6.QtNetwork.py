# PyInstaller hook for PySide6.QtNetwork (used by build.spec in place of PyInstaller's own).
# DHR Desk uses QtNetwork only for QLocalServer/QLocalSocket (one copy per data folder) and makes
# no network connection, so none of its plugins (TLS backends, network information) nor the
# OpenSSL libraries for TLS are collected.
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, _plugins, datas = add_qt6_dependencies(__file__)
binaries = []
