"""Hover, click and edit on the network graph (a mixin of NetworkView).

Hovering shows the exact numbers as a tooltip and names the unit whose map the decision plot
should show (``unitHovered``: a map target of graph_inputs.py, or None); a click selects a
unit, an edge or a bias; a double click, or the context menu, lets the user type an exact
value for a weight or a bias (``1/3`` works; a bad value is refused with a message).
Targets use the engine's layer index l (that of ``z[l]``, ``weights[l]``): ``("node", l, j)``,
``("edge", l, j, i)`` for ``weights[l][j, i]``, ``("bias", l, j)``; an input unit is
``("input", i)`` here and selects nothing, and a candidate input that is off is
``("candidate", k)``. Where the graph shows candidate inputs, a click on one switches it on or
off (``featureToggled(name)``).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QToolTip

from .graph_inputs import click_text, pretty
from .graph_layout import MAP, OFF_PITCH, nearest_edge
from .graph_text import edge_text, node_text, parse_value, symbol, weight_symbol

HIT_PIXELS = 5  # how close (in pixels) the mouse must be to an edge


class GraphInteraction:
    def connect_interaction(self):
        scene = self.graphics.scene()
        scene.sigMouseMoved.connect(self._hover)
        scene.sigMouseClicked.connect(self._clicked)

    def target_at(self, scene_pos):
        """What is under ``scene_pos``: a node, bias, edge or input tuple, or None."""
        if self.lay is None:
            return None
        lay, p = self.lay, self.vb.mapSceneToView(scene_pos)
        px, py = p.x(), p.y()
        if self.frame is not None and self.frame.snapshot.biases is not None:
            near = np.flatnonzero((lay.col > 0) & (np.abs(lay.x - MAP / 2 - px) < 0.1)
                                  & (np.abs(lay.y - MAP / 2 - py) < 0.1))
            if len(near):
                return ("bias", int(lay.col[near[0]]) - 1, int(lay.unit[near[0]]))
        # a candidate: on its map, or (off ones are small) anywhere across the column in its row
        rows = np.abs(lay.candidate_y - py) <= np.maximum(lay.candidate_map, OFF_PITCH) / 2
        if lay.inputs and abs(px) <= MAP / 2 and np.any(rows):
            k = int(np.argmin(np.abs(lay.candidate_y - py)))
            return ("input", int(sum(lay.inputs[:k]))) if lay.inputs[k] else ("candidate", k)
        x, y, d = lay.dot()
        half = np.where(lay.mapped, MAP / 2, d / 2)
        inside = np.flatnonzero((np.abs(lay.x - px) <= half) & (np.abs(lay.y - py) <= half)
                                | (np.hypot(x - px, y - py) <= d / 2))
        if len(inside):
            c, u = int(lay.col[inside[0]]), int(lay.unit[inside[0]])
            return ("input", u) if c == 0 else ("node", c - 1, u)
        k = nearest_edge(lay, px, py, HIT_PIXELS * max(self.vb.viewPixelSize()))
        if k is None:
            return None
        return ("edge", int(lay.edge_l[k]), int(lay.edge_j[k]), int(lay.edge_i[k]))

    def tooltip_for(self, target) -> str:
        snap = self.frame.snapshot
        if target[0] == "edge":
            return edge_text(snap, *target[1:], self.sample)
        if target[0] == "candidate":
            return click_text(self.frame.inputs, target[1])
        if target[0] == "input" and self.lay.inputs:
            k = self.candidate_of(target[1])
            return (f"{pretty(self.frame.inputs.names[k])}: "
                    f"{node_text(snap, 0, target[1], self.sample)}\n"
                    f"{click_text(self.frame.inputs, k)}")
        if target[0] == "input":
            return node_text(snap, 0, target[1], self.sample)
        text = node_text(snap, target[1] + 1, target[2], self.sample)
        if self.dead is not None and self.dead[self.lay.first(target[1] + 1) + target[2]]:
            text += ("\ndead: a = 0 on every sample of this batch, so ReLU′(z) = 0 and its δ and "
                     "its weights' gradients are 0; nothing here can revive it but its inputs")
        unit = self.lay.first(target[1] + 1) + target[2]
        if self.saturated is not None and self.saturated[unit]:
            slope = self.frame.slopes[target[1]][self.sample, target[2]]
            name = self.names[target[1]]
            text += (f"\nsaturated: f′(z) is only {slope:.2g} times {name}'s steepest slope (at "
                     "z = 0), and δ = (Wᵀδ) · f′(z), so its δ is that much smaller than what "
                     "flows back to it: the weights into it learn slowly")
        return text

    def candidate_of(self, u: int) -> int:
        """The candidate row of input unit ``u``."""
        return int(np.flatnonzero(self.lay.inputs)[u])

    def map_target(self, target):
        """The map a hover on ``target`` shows large: ``("input", k)`` for candidate k,
        ``("node", l, j)``, or None (an edge, a bias, inputs without candidates)."""
        if target is None or target[0] in ("edge", "bias"):
            return None
        if target[0] == "candidate":
            return ("input", target[1])
        if target[0] == "input":
            return ("input", self.candidate_of(target[1])) if self.lay.inputs else None
        return target

    def hover_unit(self, target):
        """Say which unit's map is wanted large (only when it changes)."""
        if target != self.hovered:
            self.hovered = target
            self.unitHovered.emit(target)

    def _hover(self, scene_pos):
        target = self.target_at(scene_pos) if self.frame is not None else None
        self.hover_unit(self.map_target(target))
        if target is None:
            QToolTip.hideText()
            return
        QToolTip.showText(QCursor.pos(), self.tooltip_for(target), self.graphics)

    def _clicked(self, event):
        target = self.target_at(event.scenePos())
        if target is not None and target[0] in ("input", "candidate") and self.lay.inputs:
            if event.button() == Qt.MouseButton.LeftButton and not event.double():
                k = target[1] if target[0] == "candidate" else self.candidate_of(target[1])
                self.featureToggled.emit(self.frame.inputs.names[k])
            return
        if event.button() == Qt.MouseButton.LeftButton:
            if event.double():
                self.edit(target)
            else:
                self.select(target)
        elif event.button() == Qt.MouseButton.RightButton and target is None:
            self.scale_choice.show_menu()  # the graph's own: scales, numbers
        elif event.button() == Qt.MouseButton.RightButton:
            self.select(target)
            self._menu(target)

    def _menu(self, target):
        menu = QMenu(self)
        edit = self.edit_target(target)
        if edit is not None:
            what = "weight" if edit[0] == "edge" else "bias"
            menu.addAction(f"Set this {what}…", lambda: self.edit(target))
        menu.addAction("Clear the selection", lambda: self.select(None))
        menu.exec(QCursor.pos())

    def select(self, target):
        if target is not None and target[0] in ("input", "candidate"):
            target = None
        self.selection = target
        self._draw_selection()
        self.selectionChanged.emit(target)

    def edit_target(self, target):
        """What editing ``target`` changes: ``("edge", l, j, i)``, ``("bias", l, j)`` or None."""
        if target is None or target[0] in ("input", "candidate"):
            return None
        if target[0] == "edge":
            return target
        if self.frame is None or self.frame.snapshot.biases is None:
            return None
        return ("bias", target[1], target[2])

    def current_value(self, edit) -> float:
        snap = self.frame.snapshot
        if edit[0] == "edge":
            return float(snap.weights[edit[1]][edit[2], edit[3]])
        return float(snap.biases[edit[1]][edit[2]])

    def edit(self, target):
        """Ask for an exact value of the weight or bias at ``target`` and request the change."""
        edit = self.edit_target(target)
        if edit is None:
            return
        name = weight_symbol(*edit[1:]) if edit[0] == "edge" else symbol("b", edit[2] + 1, edit[1] + 1)
        text, ok = QInputDialog.getText(self, "Set a value", f"{name} = (a number or a fraction such as 1/3)",
                                        text=repr(self.current_value(edit)))
        if not ok:
            return
        try:
            value = parse_value(text)
        except ValueError as e:
            QMessageBox.warning(self, "Not a number", str(e))
            return
        self.editRequested.emit(edit, value)

    def _draw_selection(self):
        target, lay = self.selection, self.lay
        key = (target, id(lay), float(self.pixels(MAP + 0.12)) if target else None)
        if not self._changed("selection", key):  # most frames keep the selection
            return
        self.mark.setData([], [])
        self.mark_edge.setData([], [])
        # hidden when empty: the scene then skips them (an empty scatter still costs a paint)
        self.mark.setVisible(target is not None and target[0] in ("node", "bias"))
        self.mark_edge.setVisible(target is not None and target[0] == "edge")
        if target is None or lay is None:
            return
        if target[0] in ("node", "bias"):
            k = lay.first(target[1] + 1) + target[2]
            self.mark.setData([lay.x[k]], [lay.y[k]], size=self.pixels(MAP + 0.12), symbol="s")
            return
        _, l, j, i = target
        k = np.flatnonzero((lay.edge_l == l) & (lay.edge_j == j) & (lay.edge_i == i))
        self.mark_edge.setData([lay.x0[k[0]], lay.x1[k[0]]], [lay.y0[k[0]], lay.y1[k[0]]])
