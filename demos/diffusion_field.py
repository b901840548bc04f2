"""The learned denoising direction of a 2-D diffusion model, as arrows on a grid.

At noise level t the network's noise estimate eps(x, t) gives, by Tweedie's formula,
E[sqrt(ab_t) x_0 | x_t = x] - x = -sigma_t eps(x, t): the step from a noisy point toward
the clean data the model expects (a multiple of the learned score, grad log p_t(x) =
-eps / sigma_t; Song & Ermon 2019, Ho et al. 2020). Early in training the arrows are
noise; as it learns they point at the modes, sharply at small t and toward the data's
centre of mass at large t.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from demos.frames import VectorField
from demos.toy_data import as_points

TITLE = "Learned denoising direction"
GRID = 21  # arrows per side


@torch.no_grad()
def denoising_field(eps: Callable[[torch.Tensor, int], torch.Tensor], t: int, sigma: float,
                    scale: float, view: tuple[float, float], marks: np.ndarray, step: int,
                    n: int = GRID) -> VectorField:
    """Arrows -sigma_t * eps(x, t) (data units) on an n x n grid over the square `view`.

    `eps` takes points in the network's units (data / scale) and the timestep."""
    ticks = np.linspace(view[0], view[1], n)
    xs, ys = np.meshgrid(ticks, ticks)
    origins = np.stack([xs.ravel(), ys.ravel()], axis=1)
    x = torch.from_numpy(origins / scale).float()
    vectors = -sigma * eps(x, t).double().numpy() * scale
    note = (f"t={t} (sigma={sigma:.3g}): each arrow is -sigma*eps(x, t), the step toward the "
            "clean data the network expects; dots are real data")
    return VectorField(step, TITLE, as_points(origins, 4), as_points(vectors, 4),
                       (float(view[0]), float(view[1])), (float(view[0]), float(view[1])),
                       as_points(marks, 3), note)
