# PyInstaller hook for PySide6.QtGui (used by build.spec in place of PyInstaller's own): the same
# collection, less the Qt plugins a desktop widgets app never loads, so that neither they nor the
# system libraries they link (GTK, Wayland, EGL, …) are collected. Kept: the windows, cocoa, xcb
# and offscreen platforms, the style, input-context and print plugins, and the ico, png and svg
# image and icon formats.
from pathlib import Path

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

UNUSED_TYPES = {
    "egldeviceintegrations",  # embedded Linux without a window system
    "generic",  # raw evdev and TUIO touch input for kiosks
    "wayland-decoration-client",  # Wayland: the xcb platform (XWayland) serves Linux desktops
    "wayland-graphics-integration-client",
    "wayland-shell-integration",
}
UNUSED_PLUGINS = {
    "platforms": {
        "qeglfs",
        "qlinuxfb",
        "qminimal",
        "qminimalegl",
        "qvkkhrdisplay",
        "qvnc",
        "qwayland",
        "qwayland-egl",
        "qwayland-generic",
        "qdirect2d",
    },
    "platformthemes": {"qgtk3"},
    "imageformats": {"qgif", "qicns", "qjpeg", "qpdf", "qtga", "qtiff", "qwbmp", "qwebp"},
}


def _wanted(src: str, dest: str) -> bool:
    kind = Path(dest).name
    name = Path(src).stem.removeprefix("lib")
    return kind not in UNUSED_TYPES and name not in UNUSED_PLUGINS.get(kind, set())


hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(src, dest) for src, dest in binaries if _wanted(src, dest)]
