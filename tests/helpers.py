"""Small comparisons shared by several test modules."""
import re

import numpy as np


def same(a, b):
    """Equal bit for bit (None only equals None)."""
    if a is None or b is None:
        return a is None and b is None
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def same_tuple(a, b):
    if a is None or b is None:
        return a is None and b is None
    return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))


def plain(html):
    return re.sub(r"<[^>]+>", "", html).replace("&gt;", ">")


def values(line):
    """The numbers in an inspector line's numeric part, as floats."""
    found = re.findall(r"[−-]?\d+(?:\.\d+)?", plain(line.numbers))
    return [float(v.replace("−", "-")) for v in found]


def selections(net):
    """Every unit, bias and edge of ``net`` as the views name them."""
    for l in range(net.n_layers):
        for j in range(net.sizes[l + 1]):
            yield ("node", l, j)
            if net.bias:
                yield ("bias", l, j)
            for i in range(net.sizes[l]):
                yield ("edge", l, j, i)
