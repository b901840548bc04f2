"""Discriminator Rejection Sampling (Azadi et al. 2019): keep a generated sample x with
probability sigmoid(F(x)), where F comes from a discriminator's logit, an estimate of
log p_data(x)/p_g(x). As in the paper, the discriminator is first trained on its own
against the finished (frozen) generator, so that estimate is for that generator.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from demos.gan_nets import discriminator_loss

Sampler = Callable[[int], torch.Tensor]  # n -> (n, dim) points


def tune_ratio(d: nn.Module, opt: torch.optim.Optimizer, generate: Sampler, real: Sampler,
               batch: int, steps: int) -> None:
    """`steps` of plain logistic training of `d`: real points against generated ones."""
    for _ in range(steps):
        with torch.no_grad():
            fake = generate(batch)
        loss, _ = discriminator_loss("gan", d, real(batch), fake, 0.0, torch.Generator())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()


@torch.no_grad()
def rejection_sample(generate: Sampler, d: nn.Module, n: int, percentile: float,
                     gen: torch.Generator) -> tuple[torch.Tensor, float]:
    """n kept samples and the share of drawn samples accepted.

    F(x) = D(x) - D_M - log(1 - exp(D(x) - D_M - eps)) - gamma, where D_M is the largest
    logit seen and gamma the `percentile` quantile of F over the first pool (the burn-in).
    Gives up after drawing 200 n points and returns what it kept.
    """
    kept: list[torch.Tensor] = []
    drawn = have = 0
    d_max, gamma = -float("inf"), None
    while have < n and drawn < 200 * n:
        x = generate(4 * n)
        logit = d(x).squeeze(1).double()
        drawn += len(x)
        d_max = max(d_max, float(logit.max()))
        f = logit - d_max - torch.log1p(-torch.exp(logit - d_max - 1e-6))
        if gamma is None:
            gamma = float(torch.quantile(f, percentile))
        accept = torch.rand(len(x), generator=gen, dtype=torch.float64)
        x = x[accept < torch.sigmoid(f - gamma)]
        kept.append(x)
        have += len(x)
    return torch.cat(kept)[:n], have / max(drawn, 1)
