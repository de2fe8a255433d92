"""What the decision plot paints: which of the frame's maps, in which colours, with which key.

``picture(frame, unit, discretize, targets)`` gives a ``Picture``: an opaque RGBA image (rows,
cols, 4; row 0 at the lowest y), the key's range ``(lo, hi)`` or None when no colour key fits
(classes), and a caption. By default it is the output: a softmax output as its winning class
lightened where the network is unsure (class_colors.py), another output (unit 1) on its
activation's range, a regression's on the targets' range ``targets``. ``unit`` asks for
another map, as the network view's hover names it: ``("input", k)`` the candidate input k
(frame.Inputs; the feature's value on its symmetric scale, as in the graph), ``("node", l, j)`` unit j of the
engine's layer l on its activation's range, so that any output unit can be seen large.
``discretize`` (classification only) paints the class alone: the winning class in its full
colour for k classes, and for one output the side of the middle of its range (0.5 for a
sigmoid), without confidence shading and without a key. Every number comes from the frame's
maps, computed on the session side; here they only take colours.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import class_colors, palette
from .graph_inputs import input_range, unit_name


class Picture(NamedTuple):
    rgba: np.ndarray   # (rows, cols, 4) uint8, opaque
    key: tuple | None  # (lo, hi) of the colour key, or None: no key
    caption: str       # "" for the output's own decision map
    shape: tuple       # (rows, cols)
    plane: object = None  # the map shown on the key's scale (one of the frame's), else None


def chosen_map(frame, unit):
    """``(plane, activation name)`` of a hovered ``unit`` (an input's name: None), or None
    if the frame lacks it."""
    if unit is None:
        return None
    if unit[0] == "input":
        maps = frame.inputs.maps
        return (maps[unit[1]], None) if unit[1] < len(maps) else None
    _, l, j = unit
    if l < len(frame.maps) and j < len(frame.maps[l]):
        return frame.maps[l][j], frame.info.activations[l]
    return None


def picture(frame, unit, discretize: bool, targets: tuple, faded32) -> Picture:
    """The image the decision plot shows for ``frame`` (see the module's docstring);
    ``faded32``: the lightened scale (boundary_view.FADED32)."""
    chosen = chosen_map(frame, unit)
    if chosen is not None:
        plane, name = chosen
        lo, hi = input_range(plane) if name is None else palette.activation_range(name, plane)
        caption = f"showing {unit_name(unit, len(frame.info.sizes), frame.inputs.names)}"
        return Picture(palette.rgba(plane, lo, hi, faded32), (lo, hi), caption, plane.shape, plane)
    outputs, name = frame.maps[-1], frame.info.activations[-1]
    regression = frame.train.kind == "regression"
    if name == "softmax":
        return Picture(class_colors.classes_rgba(outputs, hard=discretize), None, "",
                       outputs[0].shape)
    output = outputs[0]
    lo, hi = targets if regression else palette.activation_range(name, output)
    if discretize and not regression:
        side = np.where(np.asarray(output) >= (lo + hi) / 2, faded32[255], faded32[0])
        rgba = side.view(np.ubyte).reshape(*output.shape, 4)
        return Picture(rgba, None, "", output.shape)
    return Picture(palette.rgba(output, lo, hi, faded32), (lo, hi), "", output.shape, output)


def key_text(lo: float, hi: float, caption: str) -> str:
    """The colour key's tooltip: what it shows and its range."""
    what = caption.removeprefix("showing ") or "the network's output"
    return f"The colour key: {what} at each point of the plane, from {lo:.4g} to {hi:.4g}"
