"""PyInstaller runtime hook: placeholders for PySide6.QtOpenGL and QtOpenGLWidgets.

pyqtgraph imports both when it loads (PColorMeshItem, PlotCurveItem's OpenGL path and
Qt/OpenGLHelpers, which subclasses QOpenGLWidget at import), although FlowDeck never
turns OpenGL on. The real bindings are 9 MB of the bundle, so the spec leaves them out
and this hook answers those two imports with small modules instead: they satisfy the
import and the one class definition, and anything that really reaches for OpenGL fails
with a clear error rather than drawing nothing. Installed only when the imports happen,
so `flowdeck fetch` never loads Qt because of it."""

import importlib.abc
import importlib.machinery
import sys

_NAMES = ("PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets")
_MESSAGE = "OpenGL is not part of the FlowDeck bundle ({name}.{attr} was asked for)"


class _Placeholders(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path=None, target=None):
        if fullname in _NAMES:
            return importlib.machinery.ModuleSpec(fullname, self)
        return None

    def create_module(self, spec):
        return None  # the default module object

    def exec_module(self, module):
        name = module.__name__

        def __getattr__(attr):
            if attr.startswith("__"):
                raise AttributeError(attr)
            raise AttributeError(_MESSAGE.format(name=name, attr=attr))

        module.__getattr__ = __getattr__
        module.FLOWDECK_PLACEHOLDER = True
        if name.endswith("QtOpenGLWidgets"):
            from PySide6.QtWidgets import QWidget

            class QOpenGLWidget(QWidget):
                def __init__(self, *args, **kwargs):
                    raise RuntimeError(_MESSAGE.format(name=name, attr="QOpenGLWidget"))

            module.QOpenGLWidget = QOpenGLWidget


sys.meta_path.insert(0, _Placeholders())
