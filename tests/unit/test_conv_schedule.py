"""The register block of the direct convolution schedule: the fewest padded output channels
among the blocks that fit the SIMD registers, then the most rows."""

from __future__ import annotations

import pytest

from mlc.passes.conv_schedule import ConvTiles, choose_conv_tiles


@pytest.mark.parametrize(
    ("channels", "vector_bits", "element_bits", "tiles"),
    [
        (64, 256, 32, ConvTiles(4, 3, 8)),  # 64 = 16 x 4: no padded row (6 x 2 pads two)
        (48, 256, 32, ConvTiles(6, 2, 8)),  # both fit exactly: the taller block
        (13, 256, 32, ConvTiles(4, 3, 8)),  # 3 padded rows where 6 x 2 pads 5
        (None, 256, 32, ConvTiles(6, 2, 8)),  # dynamic: the first choice
        (64, 256, 64, ConvTiles(4, 3, 4)),  # f64: four lanes
        (64, 128, 32, ConvTiles(4, 3, 4)),
        (64, 512, 32, ConvTiles(8, 3, 16)),  # AVX-512's 32 registers: 24 accumulators
        (36, 512, 32, ConvTiles(6, 4, 16)),
    ],
)
def test_register_block(channels, vector_bits, element_bits, tiles) -> None:
    assert choose_conv_tiles(channels, vector_bits, element_bits) == tiles
