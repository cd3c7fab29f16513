# numpy: a small linear-algebra computation, printed with fixed precision.
import numpy as np
np.set_printoptions(precision=6, suppress=True)
a = np.array([[4.0, -2.0, 1.0], [-2.0, 4.0, -2.0], [1.0, -2.0, 4.0]])
b = np.array([11.0, -16.0, 17.0])
x = np.linalg.solve(a, b)
print(np.__version__)
print(x, np.allclose(a @ x, b))
print(np.linalg.det(a).round(6), np.linalg.eigvalsh(a))
q, r = np.linalg.qr(a)
print(np.abs(q @ r - a).max() < 1e-12)
m = np.arange(16, dtype=np.float64).reshape(4, 4)
print(m.T @ m, m.sum(axis=0), np.trace(m))
print(np.linalg.inv(a) @ a)
