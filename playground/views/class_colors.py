"""Colours for k classes: the Okabe-Ito palette (safe for colour-blind eyes), and the decision
plot of a softmax output as a picture of the winning class, lightened where it is unsure.

A map of k outputs is (k, rows, cols). Each pixel takes the colour of its largest output; the
confidence ``(a_max - 1/k) / (1 - 1/k)`` (0 where every class is equally likely, 1 where one
is certain) sets how far the colour is from white, up to the boundary view's 70 % (FADE).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtGui import QBrush, QColor

# Okabe & Ito (2008): orange, sky blue, bluish green, vermillion, blue, reddish purple, yellow.
HEX = ("#e69f00", "#56b4e9", "#009e73", "#d55e00", "#0072b2", "#cc79a7", "#f0e442", "#000000")
RGB = np.array([[int(h[i:i + 2], 16) for i in (1, 3, 5)] for h in HEX], dtype=float)
BRUSHES = [QBrush(QColor(h)) for h in HEX]
FADE = 0.7  # as the two-class picture: the colour at 70 % over white


def colour_of(k: int) -> np.ndarray:
    """The RGB colour of class ``k`` (from 0; the palette repeats after eight classes)."""
    return RGB[k % len(RGB)]


def classes_rgba(maps, hard: bool = False) -> np.ndarray:
    """An opaque RGBA image (rows, cols, 4) of a softmax output's maps (k, rows, cols);
    ``hard``: every pixel in its class's full colour (the class only, no confidence)."""
    maps = np.asarray(maps, dtype=float)
    k = len(maps)
    winner = maps.argmax(axis=0)
    if hard or k == 1:
        confidence = np.ones(winner.shape)
    else:
        confidence = (maps.max(axis=0) - 1.0 / k) / (1.0 - 1.0 / k)
    weight = FADE * np.clip(np.nan_to_num(confidence), 0.0, 1.0)[..., None]
    colours = np.array([colour_of(j) for j in range(k)])[winner]
    image = np.empty(winner.shape + (4,), dtype=np.ubyte)
    image[..., :3] = np.round(255.0 - weight * (255.0 - colours))
    image[..., 3] = 255
    return image


def class_brushes(t) -> list:
    """One brush per point, by its class: the largest of its one-hot targets."""
    return [BRUSHES[j % len(BRUSHES)] for j in np.asarray(t).argmax(axis=1)]


def is_one_hot(t) -> bool:
    """Several target columns with a single 1 per row: k classes."""
    t = np.asarray(t)
    return t.ndim == 2 and t.shape[1] > 1 and bool(np.all((t == 0) | (t == 1))) and bool(
        np.all(t.sum(axis=1) == 1))
