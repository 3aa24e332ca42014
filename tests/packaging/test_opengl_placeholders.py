"""The bundle's runtime hook (packaging/rthooks/pyqtgraph_without_opengl.py) lets
pyqtgraph import and draw without the QtOpenGL bindings, and says so when OpenGL is
really asked for. Run in a child interpreter: the hook changes the import system."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Starts Python processes.
pytestmark = pytest.mark.e2e

HOOK = Path(__file__).resolve().parents[2] / "packaging" / "rthooks" / "pyqtgraph_without_opengl.py"

CHILD = f"""
import runpy, sys
runpy.run_path({str(HOOK)!r})
import PySide6.QtOpenGL as gl, PySide6.QtOpenGLWidgets as glw
assert gl.FLOWDECK_PLACEHOLDER and glw.FLOWDECK_PLACEHOLDER
from PySide6.QtWidgets import QApplication
app = QApplication([])
import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import OpenGLHelpers
plot = pg.PlotWidget()
plot.resize(200, 100)
curve = plot.plot(np.arange(50.0), np.sin(np.arange(50.0)))
plot.show()
app.processEvents()
image = plot.grab().toImage()
assert not image.isNull() and curve.getData()[0].size == 50
try:
    OpenGLHelpers.GraphicsViewGLWidget()
except RuntimeError as exc:
    assert "OpenGL is not part of the FlowDeck bundle" in str(exc), exc
else:
    raise AssertionError("an OpenGL widget was made")
try:
    gl.QOpenGLBuffer
except AttributeError as exc:
    assert "QtOpenGL.QOpenGLBuffer" in str(exc), exc
else:
    raise AssertionError("QOpenGLBuffer exists")
import PySide6.QtCore  # other Qt modules are untouched
print("ok")
"""


def test_pyqtgraph_imports_and_draws_with_the_placeholders():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_the_command_line_does_not_load_qt_because_of_the_hook():
    child = (f"import runpy, sys; runpy.run_path({str(HOOK)!r}); import json, numpy; "
             "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
