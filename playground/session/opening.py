"""Opening data and networks in a run: a dataset as given, imported points, a network file.

Each is a function of the run (run.py), which calls it from its intent of the same name.
Nothing changes when the data or the network is refused. No Qt here.
"""
from __future__ import annotations

from dataclasses import replace

from engine import files, limits, losses
from engine.features import raw_inputs
from engine.network import Network, initial_weights

from .settings import DATASET_NAMES, Settings, settings_of_network


def check_points(train, test=None, what: str = "the data"):
    """ValueError unless the window can draw the points (engine/limits.py's WINDOW_POINTS)."""
    top = limits.WINDOW_POINTS
    for data in (train, test):
        if data is not None and len(data) > top:
            raise ValueError(f"{what}: the window draws at most {top} points, not {len(data)}")


def check_fits(net, data):
    """ValueError unless ``net`` takes the data's inputs and gives its targets."""
    if (raw_inputs(net), net.sizes[-1]) != (data.n_inputs, data.n_targets):
        raise ValueError(f"the network has {raw_inputs(net)} inputs and {net.sizes[-1]} outputs; "
                         f"the data has {data.n_inputs} and {data.n_targets}")


def new_network(s: Settings, n_in: int, n_out: int) -> Network:
    n = s.net
    sizes, names = n.sizes(n_in, n_out), [*n.activations, n.output_activation]
    return Network(sizes, names, n.loss, n.reduction, n.bias, initial_weights(sizes, names, n.seed),
                   regularization=n.regularization, reg_rate=n.reg_rate, features=n.features)


def use_data(run, dataset, network: Network | None = None, train=None,
             test=None) -> bool:
    """Train on ``dataset`` exactly as given (no split: ``test`` or none; shown by its
    name), with ``network`` (its weights kept) and ``train`` (TrainSettings) if given.
    False, and nothing changed, if the settings are refused."""
    try:
        check_points(dataset, test, dataset.name)
    except ValueError as e:
        run.outbox.append(("message", str(e)))
        return False
    previous = run.given.get(dataset.name)
    run.given[dataset.name] = (dataset, test)
    s = run.settings if network is None else settings_of_network(network, run.settings)
    s = replace(s, data=replace(s.data, name=dataset.name), train=train or s.train)
    if s.data == run.settings.data:
        run.load_data()  # the same name, other points (e.g. one more clicked)
    if run.apply_settings(s, network):
        return True
    if previous is None:
        del run.given[dataset.name]
    else:
        run.given[dataset.name] = previous
    run.load_data()
    run.publish()
    return False


def use_imported(run, data) -> bool:
    """Train on imported points; the network stays if it fits them and its loss takes their
    targets, else a new one has the output and loss of their problem type (problems.py)."""
    if data.name in DATASET_NAMES:
        data = type(data)(f"{data.name} (imported)", data.x, data.t, data.kind)
    net = run.trainer.net
    fits = (raw_inputs(net), net.sizes[-1]) == (data.n_inputs, data.n_targets)
    try:
        losses.check_targets(net.loss, data.t)
    except ValueError:
        fits = False
    return run.use_data(data, net.copy() if fits else None)


def open_network(run, path, net: Network | None = None):
    """Load the network file at ``path`` (or use ``net``, read from it already); a
    NetworkFileError or ValueError (a ValueError too) changes nothing. The window's limits
    (engine/limits.py) are checked before the network is used."""
    net = files.load_network(path) if net is None else net
    limits.check_window_network(net.sizes, str(path), net.features)
    try:
        check_fits(net, run.train_set)
    except ValueError as e:
        raise ValueError(f"{path}: {e}") from None
    run.apply_settings(settings_of_network(net, run.settings), network=net)
