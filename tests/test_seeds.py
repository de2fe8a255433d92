"""The four seed derivations, computed by hand from the seeds' own formulas, against the engine.

Every expected value is built here with explicit NumPy on fixed numbers, in each seed's notation:
seed 000 (index form, no biases), seed 001 (row form ``a = h w + b`` with ``w`` of shape
(n_in, n_out), so the engine's ``weights[l]`` is its ``w`` transposed), seed 002 (squared error,
the boxed gradients (52)-(55)) and seed 003 (XOR, ``X = [1 X0]``, ``u``, ``v``; its ``d_i`` has
the wrong sign and its cost lacks the minus sign, both corrected here and shown as slips).
"""
import numpy as np
import pytest

from engine import backprop
from engine.network import Network

TOL = dict(rtol=1e-12, atol=1e-14)


def sigma(u):
    return 1.0 / (1.0 + np.exp(-u))


def engine_pass(net, x, t):
    zs, acts = backprop.forward(net, x)
    deltas, grads_w, grads_b = backprop.backward(net, zs, acts, t)
    return backprop.loss(net, zs[-1], acts[-1], t), zs, acts, deltas, grads_w, grads_b


def close(mine, reference, what):
    np.testing.assert_allclose(mine, reference, **TOL, err_msg=f"{what}: engine vs seed by hand")


# ---- seed 000: sigmoid + BCE, no biases, index form ----------------------------------------

W000 = [np.array([[0.3, -0.8], [0.5, 0.2], [-0.4, 0.9]]),
        np.array([[0.7, -0.3, 0.2], [-0.6, 0.4, 0.5], [0.1, 0.8, -0.9]]),
        np.array([[0.6, -0.5, 0.3], [-0.2, 0.9, 0.4]])]
X000, T000 = np.array([0.5, -1.0]), np.array([1.0, 0.0])


def seed000_by_hand(W, x, t):
    """Sections 1-6 of seed 000 for one sample, with the seed's sums as loops. Layers 0..L."""
    L = len(W)
    a, z = [x], [None]
    for l in range(1, L + 1):
        z.append(np.array([sum(W[l - 1][j, i] * a[l - 1][i] for i in range(len(a[l - 1])))
                           for j in range(W[l - 1].shape[0])]))
        a.append(sigma(z[l]))
    delta = [None] * (L + 1)
    delta[L] = a[L] - t
    for l in range(L - 1, 0, -1):
        Wn = W[l]  # the seed's W^(l+1)
        delta[l] = np.array([sum(Wn[k, j] * delta[l + 1][k] for k in range(Wn.shape[0]))
                             * a[l][j] * (1 - a[l][j]) for j in range(len(a[l]))])
    grad = [np.array([[delta[l][j] * a[l - 1][i] for i in range(len(a[l - 1]))]
                      for j in range(len(a[l]))]) for l in range(1, L + 1)]
    loss = -np.sum(t * np.log(a[L]) + (1 - t) * np.log(1 - a[L]))
    return z, a, delta, grad, loss


def net000():
    return Network([2, 3, 3, 2], ["sigmoid"] * 3, "bce", "sum", False, [w.copy() for w in W000])


def test_seed000_forward_and_loss():
    z, a, _, _, loss = seed000_by_hand(W000, X000, T000)
    got_loss, zs, acts, *_ = engine_pass(net000(), X000[None], T000[None])
    for l in range(1, 4):
        close(zs[l - 1][0], z[l], f"z^{l}")
        close(acts[l][0], a[l], f"a^{l}")
    assert got_loss == pytest.approx(loss, rel=1e-12)


def test_seed000_output_delta_is_a_minus_t_and_the_chain_rule_product():
    z, a, _, _, _ = seed000_by_hand(W000, X000, T000)
    aL, zL, t = a[3], z[3], T000
    dL_da = -t / aL + (1 - t) / (1 - aL)
    dsigma = np.exp(-zL) / (1 + np.exp(-zL)) ** 2  # seed 002 (17): sigma'(z) before simplifying
    np.testing.assert_allclose(dsigma, aL * (1 - aL), rtol=1e-12)
    _, _, _, deltas, _, _ = engine_pass(net000(), X000[None], T000[None])
    close(deltas[2][0], aL - t, "delta^L = a - t")
    close(deltas[2][0], dL_da * dsigma, "delta^L = dL/da * sigma'(z)")


def test_seed000_hidden_deltas_follow_the_boxed_formula():
    _, _, delta, _, _ = seed000_by_hand(W000, X000, T000)
    _, _, _, deltas, _, _ = engine_pass(net000(), X000[None], T000[None])
    for l in (2, 1):
        close(deltas[l - 1][0], delta[l], f"hidden delta^{l}")


def test_seed000_weight_gradients_and_update():
    _, _, _, grad, _ = seed000_by_hand(W000, X000, T000)
    _, _, _, _, grads_w, grads_b = engine_pass(net000(), X000[None], T000[None])
    assert grads_b is None
    for l in range(3):
        close(grads_w[l], grad[l], f"dL/dW^{l + 1} = delta_j a_i")
    eta = 0.7
    new = backprop.update(net000().weights, grads_w, eta)
    for l in range(3):
        close(new[l], W000[l] - eta * grad[l], f"W^{l + 1} - eta delta_j a_i")


def test_seed000_batch_with_sum_reduction_adds_the_per_sample_gradients():
    x = np.array([[0.5, -1.0], [1.5, 0.25], [-0.7, -0.2]])
    t = np.array([[1.0, 0.0], [0.0, 0.0], [1.0, 1.0]])
    expected = [sum(seed000_by_hand(W000, xi, ti)[3][l] for xi, ti in zip(x, t)) for l in range(3)]
    _, _, _, _, grads_w, _ = engine_pass(net000(), x, t)
    for l in range(3):
        close(grads_w[l], expected[l], f"sum over samples, W^{l + 1}")


# ---- seed 001: ReLU hidden, sigmoid output, BCE, biases, row form -------------------------

X001 = np.array([[0.5, -1.0, 2.0], [1.0, 0.3, -0.4], [-1.2, 0.8, 0.1], [0.0, -0.5, -1.5]])
Y001 = np.array([[1.0], [0.0], [1.0], [0.0]])
w1 = np.array([[0.4, -0.6, 0.2, 0.9], [-0.3, 0.5, 0.7, -0.2], [0.6, 0.1, -0.4, 0.3]])  # (3, 4)
b1 = np.array([0.1, -0.2, 0.05, 0.3])
w2 = np.array([[0.8], [-0.7], [0.5], [0.6]])  # (4, 1)
b2 = np.array([-0.1])


def net001():
    return Network([3, 4, 1], ["relu", "sigmoid"], "bce", "sum", True,
                   [w1.T.copy(), w2.T.copy()], [b1.copy(), b2.copy()])


def test_seed001_gradients_in_row_form():
    a1 = X001 @ w1 + b1
    h1 = np.maximum(a1, 0.0)
    assert (a1 < -0.01).any() and (a1 > 0.01).any() and (np.abs(a1) > 0.01).all()
    a2 = h1 @ w2 + b2
    yhat = sigma(a2)
    dBCE_dyhat = -Y001 / yhat + (1 - Y001) / (1 - yhat)
    dyhat_da2 = yhat * (1 - yhat)
    np.testing.assert_allclose(dBCE_dyhat, (yhat - Y001) / (yhat * (1 - yhat)), rtol=1e-12)
    np.testing.assert_allclose(dBCE_dyhat * dyhat_da2, yhat - Y001, rtol=1e-12, atol=1e-15)
    f_prime = (a1 > 0).astype(float)
    back = ((yhat - Y001) @ w2.T) * f_prime  # (yhat - y) w2^T (.) f'(a1)
    loss = -np.sum(Y001 * np.log(yhat) + (1 - Y001) * np.log(1 - yhat))

    got_loss, zs, acts, _, grads_w, grads_b = engine_pass(net001(), X001, Y001)
    close(acts[2], yhat, "yhat")
    assert got_loss == pytest.approx(loss, rel=1e-12)
    close(grads_w[1], (h1.T @ (yhat - Y001)).T, "dBCE/dw2 = h1^T (yhat - y), transposed")
    close(grads_w[0], (X001.T @ back).T, "dBCE/dw1 = X^T ((yhat - y) w2^T (.) f'(a1)), transposed")
    close(grads_b[1], (yhat - Y001).sum(axis=0), "dBCE/db2 = (yhat - y), summed over samples")
    close(grads_b[0], back.sum(axis=0), "dBCE/db1, summed over samples")


# ---- seed 002: two sigmoid layers, squared error 1/2 (a - y)^2 ----------------------------

def test_seed002_boxed_gradients_for_a_1_1_1_network():
    x, y = 0.8, 0.2
    W1, b1_, W2, b2_ = 0.5, -0.3, -1.2, 0.4  # W^(L-1), b^(L-1), W^L, b^L
    a1 = sigma(W1 * x + b1_)                 # (1), (2)
    a2 = sigma(W2 * a1 + b2_)                # (3), (4)
    C0 = 0.5 * (a2 - y) ** 2                 # (5)
    dW2 = a1 * a2 * (1 - a2) * (a2 - y)                               # (52)
    db2 = a2 * (1 - a2) * (a2 - y)                                    # (53)
    dW1 = x * a1 * (1 - a1) * W2 * a2 * (1 - a2) * (a2 - y)           # (54)
    db1 = a1 * (1 - a1) * W2 * a2 * (1 - a2) * (a2 - y)               # (55)
    net = Network([1, 1, 1], ["sigmoid", "sigmoid"], "mse", "sum", True,
                  [[[W1]], [[W2]]], [[b1_], [b2_]])
    loss, _, _, _, grads_w, grads_b = engine_pass(net, np.array([[x]]), np.array([[y]]))
    assert loss == pytest.approx(C0, rel=1e-12)
    close(grads_w[1][0, 0], dW2, "(52) dC0/dW^L")
    close(grads_b[1][0], db2, "(53) dC0/db^L")
    close(grads_w[0][0, 0], dW1, "(54) dC0/dW^(L-1)")
    close(grads_b[0][0], db1, "(55) dC0/db^(L-1)")


def seed002_matrix_form(W1, b1_, W2, b2_, x, y):
    """(52)-(55) for general widths: the products become outer products and W^L becomes (W^L)^T."""
    a1 = sigma(W1 @ x + b1_)
    a2 = sigma(W2 @ a1 + b2_)
    e2 = a2 * (1 - a2) * (a2 - y)            # a^L (1 - a^L) (a^L - y)
    e1 = a1 * (1 - a1) * (W2.T @ e2)         # a^(L-1) (1 - a^(L-1)) W^L ...
    return np.outer(e2, a1), e2, np.outer(e1, x), e1, 0.5 * np.sum((a2 - y) ** 2)


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_seed002_general_widths_summed_over_a_batch(reduction):
    rng = np.random.default_rng(2)
    W1, b1_ = rng.normal(size=(4, 3)), rng.normal(size=4)
    W2, b2_ = rng.normal(size=(2, 4)), rng.normal(size=2)
    x, y = rng.normal(size=(3, 3)), rng.uniform(size=(3, 2))
    per_sample = [seed002_matrix_form(W1, b1_, W2, b2_, xi, yi) for xi, yi in zip(x, y)]
    s = 1.0 if reduction == "sum" else 1.0 / len(x)
    dW2, db2, dW1, db1, C = (s * sum(parts) for parts in zip(*per_sample))
    net = Network([3, 4, 2], ["sigmoid", "sigmoid"], "mse", reduction, True, [W1, W2], [b1_, b2_])
    loss, _, _, _, grads_w, grads_b = engine_pass(net, x, y)
    assert loss == pytest.approx(C, rel=1e-12)
    for got, want, name in [(grads_w[1], dW2, "(52)"), (grads_b[1], db2, "(53)"),
                            (grads_w[0], dW1, "(54)"), (grads_b[0], db1, "(55)")]:
        close(got, want, f"{name} {reduction}")


# ---- seed 003: XOR, X = [1 X0], u (3x2), v (3,), mean BCE ---------------------------------

X0 = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
H_REAL = np.array([0.0, 1.0, 1.0, 0.0])


def net003():
    return Network([2, 2, 1], ["sigmoid", "sigmoid"], "bce", "mean", True,
                   [[[0.4, -0.5], [0.3, 0.6]], [[-0.7, 0.9]]], [[0.1, -0.2], [0.2]])


def seed003_by_hand(net):
    """The seed's matrices, built from the engine's weights and biases."""
    W1, B1, W2, B2 = net.weights[0], net.biases[0], net.weights[1], net.biases[1]
    u = np.vstack([B1, W1.T])                   # u[0, j] = u_0j (bias), u[i, j] = weight x_i -> j
    v = np.concatenate([B2, W2[0]])             # v_0, v_1, v_2
    X = np.column_stack([np.ones(4), X0])
    A0 = sigma(X @ u)                           # A0 = sigma(Y0), Y0 = X u
    A = np.column_stack([np.ones(4), A0])
    h_pred = sigma(A @ v)
    return u, v, X, A0, A, h_pred


def test_seed003_forward_and_loss_with_the_minus_sign_restored():
    u, v, X, A0, A, h_pred = seed003_by_hand(net003())
    x1, x2 = X0[:, 0], X0[:, 1]
    formula_15 = sigma(v[0] + v[1] * sigma(u[0, 0] + u[1, 0] * x1 + u[2, 0] * x2)
                       + v[2] * sigma(u[0, 1] + u[1, 1] * x1 + u[2, 1] * x2))
    np.testing.assert_allclose(h_pred, formula_15, rtol=1e-12)
    literal = np.mean(H_REAL * np.log(h_pred) + (1 - H_REAL) * np.log(1 - h_pred))  # (12) as printed
    loss, _, acts, *_ = engine_pass(net003(), X0, H_REAL[:, None])
    close(acts[2][:, 0], h_pred, "h_pred")
    assert loss == pytest.approx(-literal, rel=1e-12)
    assert literal < 0 < loss, "as printed, (12) is the negative of the cross-entropy"


def engine_u_v_gradients(net):
    _, _, _, _, grads_w, grads_b = engine_pass(net, X0, H_REAL[:, None])
    return np.vstack([grads_b[0], grads_w[0].T]), np.concatenate([grads_b[1], grads_w[1][0]])


def test_seed003_gradients_with_the_correct_sign_of_d():
    u, v, X, A0, A, h_pred = seed003_by_hand(net003())
    n = len(X)
    d = h_pred - H_REAL                         # the correct sign, from (13)
    dC_dv = A.T @ d / n
    dC_du = (np.diag(d) @ X).T @ ((1 - A0) * A0) @ np.diag(v[1:]) / n
    got_u, got_v = engine_u_v_gradients(net003())
    close(got_v, dC_dv, "dC/dv = A^T d / n")
    close(got_u, dC_du, "dC/du = [diag(d) X]^T [(1 - A0) (.) A0] diag(v1, v2) / n")
    for r in range(3):                          # the entrywise list: dC/du_rj = v_j sum_i X_ir a_ij (1 - a_ij) d_i
        for j in range(2):
            entry = v[1 + j] * sum(X[i, r] * A0[i, j] * (1 - A0[i, j]) * d[i] for i in range(n)) / n
            assert got_u[r, j] == pytest.approx(entry, rel=1e-12, abs=1e-15), f"dC/du_{r}{j + 1}"


def test_seed003_literal_sign_of_d_gives_the_negative_gradient():
    u, v, X, A0, A, h_pred = seed003_by_hand(net003())
    d_seed = H_REAL - h_pred                    # d_i = z_real - z_pred, as printed
    seed_v = A.T @ d_seed / len(X)
    seed_u = (np.diag(d_seed) @ X).T @ ((1 - A0) * A0) @ np.diag(v[1:]) / len(X)
    got_u, got_v = engine_u_v_gradients(net003())
    close(seed_v, -got_v, "seed's dC/dv")
    close(seed_u, -got_u, "seed's dC/du")
    assert np.abs(got_v).min() > 1e-3 and not np.allclose(seed_v, got_v)
    # A small step along the seed's "gradient" raises the loss; along the engine's it falls.
    net = net003()
    loss0 = engine_pass(net, X0, H_REAL[:, None])[0]
    for sign, rises in [(+1, False), (-1, True)]:
        moved = net.copy()
        moved.biases[1] = moved.biases[1] - 0.1 * sign * got_v[:1]
        moved.weights[1] = moved.weights[1] - 0.1 * sign * got_v[1:][None]
        loss1 = engine_pass(moved, X0, H_REAL[:, None])[0]
        assert (loss1 > loss0) == rises
