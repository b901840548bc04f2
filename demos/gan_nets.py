"""The 2-D GAN's networks and losses: small MLPs, the non-saturating GAN loss with an
optional R1 penalty (Mescheder et al. 2018), and WGAN-GP (Gulrajani et al. 2017)."""

from __future__ import annotations

import torch
from torch import nn


class MLP(nn.Module):
    """`depth` hidden layers of `hidden` LeakyReLU units."""

    def __init__(self, in_dim: int, out_dim: int, hidden: int, depth: int) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        width = in_dim
        for _ in range(depth):
            layers += [nn.Linear(width, hidden), nn.LeakyReLU(0.2)]
            width = hidden
        layers.append(nn.Linear(width, out_dim))
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


def discriminator_loss(
    loss: str,
    d: nn.Module,
    real: torch.Tensor,
    fake: torch.Tensor,
    gp_weight: float,
    gen: torch.Generator,
    r1: float = 0.0,
) -> tuple[torch.Tensor, float]:
    """The discriminator's (or critic's) loss, and the figure to plot for it."""
    if loss == "gan":
        real = real.requires_grad_(r1 > 0)
        d_real, d_fake = d(real), d(fake)
        value = nn.functional.softplus(-d_real).mean() + nn.functional.softplus(d_fake).mean()
        plotted = float(value.detach())
        if r1 > 0:
            grad = torch.autograd.grad(d_real.sum(), real, create_graph=True)[0]
            value = value + 0.5 * r1 * grad.pow(2).sum(dim=1).mean()
        return value, plotted
    d_real, d_fake = d(real), d(fake)
    mix = torch.rand(real.shape[0], 1, generator=gen)
    between = (mix * real + (1 - mix) * fake).requires_grad_(True)
    grad = torch.autograd.grad(d(between).sum(), between, create_graph=True)[0]
    penalty = ((grad.norm(dim=1) - 1) ** 2).mean()
    value = d_fake.mean() - d_real.mean() + gp_weight * penalty
    return value, float(value.detach())


def generator_loss(loss: str, d_fake: torch.Tensor) -> torch.Tensor:
    """Non-saturating -log D(G(z)) for the GAN; -critic(G(z)) for WGAN-GP."""
    if loss == "gan":
        return nn.functional.softplus(-d_fake).mean()
    return -d_fake.mean()
