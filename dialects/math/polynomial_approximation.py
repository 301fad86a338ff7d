"""Polynomial approximations of math ops in arith, math.fma/floor/absf/copysign/sqrt and
vector.broadcast, so that transcendental-heavy loops vectorize: no libm call remains. The
patterns of MLIR 19's mlir/lib/Dialect/Math/Transforms/PolynomialApproximation.cpp
(`populateMathPolynomialApproximationPatterns`), op for op and constant for constant.

f32 (scalar or any vector of it) is approximated directly: tanh, log, log2, log1p, erf, exp,
expm1, atan, atan2, sin, cos, cbrt (and asin, acos, which also take f16). f16 and bf16 of
those in `F32_EXPANDED` are widened to f32 with `arith.extf`, approximated, and narrowed back
with `arith.truncf` (MLIR's `ReuseF32Expansion`). f64 is left alone, and so are tensors
(MLIR 19 builds invalid IR for them: scalar constants against tensor operands).

The accuracy and the edge cases are MLIR's, quirks included (docs/passes.md lists them; the
bounds are checked in tests/unit/test_polynomial_approximation.py): mostly a few ulp, exp
flushes results below 2^-126 to 0, and exp, expm1, sin and cos of NaN convert NaN to i32,
which is poison.

MLIR's `enable-avx2` option (an `rsqrt` through `x86vector.avx.rsqrt`) is not offered: mlc
has no x86vector dialect.
"""

from __future__ import annotations

import math as pymath

import attrs

from mlc.dialects import arith, math
from mlc.dialects.math.approximation_builder import ApproximationBuilder, scalar_or_vector_element
from mlc.ir.rewrite.pattern import RewritePattern, pattern
from mlc.ir.types import f16, f32, i32

LN2 = 0.693147180559945309417232121458176568075500134360255254120680009493393621
LOG2E = 1.442695040888963407359924681001892137426645954152985934135449406931109219


class ReuseF32Expansion(RewritePattern):
    """Computes an op of a float type narrower than 32 bits in f32, between `extf` and
    `truncf`, so that the f32 approximation applies (MLIR's `ReuseF32Expansion`). Only ops
    whose operands and result all have one type qualify."""

    def match_and_rewrite(self, op, rewriter) -> bool:
        original = op.results[0].type
        if any(v.type != original for v in (*op.results, *op.operands)):
            return False
        element = scalar_or_vector_element(op.results[0])
        if element is None or element == f32 or element.width > 32:
            return False
        wide = attrs.evolve(original, element_type=f32) if element is not original else f32
        location = op.location
        operands = [
            rewriter.create(arith.ExtFOp, value, result_types=[wide], loc=location).results[0]
            for value in op.operands
        ]
        widened = rewriter.insert(
            type(op).create(
                operands, [wide], dict(op.properties), dict(op.attributes), location=location
            )
        )
        narrowed = rewriter.create(
            arith.TruncFOp, widened.results[0], result_types=[original], loc=location
        )
        rewriter.replace_op(op, narrowed)
        return True


def _f32_builder(op, rewriter) -> ApproximationBuilder | None:
    """A builder for `op` when its first operand is f32-like, else None (no match)."""
    operand = op.operands[0]
    if scalar_or_vector_element(operand) != f32:
        return None
    return ApproximationBuilder.for_operand(rewriter, op, operand)


# --- atan, atan2 -------------------------------------------------------------------------------
@pattern(math.AtanOp)
def atan_approximation(op, rewriter) -> bool:
    """Cephes' atanf: the argument reduced to [0, 0.66] by x, (x-1)/(x+1) or 1/x, a
    rational approximation there, then the angle corrected and the sign restored."""
    b = _f32_builder(op, rewriter)
    if b is None:
        return False
    operand = op.operands[0]
    magnitude = b.abs(operand)
    one = b.f32(1.0)
    # Between 0.66 and 2.41 use (x-1)/(x+1).
    two_thirds = b.f32(0.66)
    in_middle = b.cmpf("ogt", magnitude, two_thirds)
    add_one = b.add(magnitude, one)
    sub_one = b.sub(magnitude, one)
    numerator = b.select(in_middle, sub_one, magnitude)
    denominator = b.select(in_middle, add_one, one)
    # Above tan(3 pi / 8) use 1/x.
    tan_3pi_8 = b.f32(2.41421356237309504880)
    is_large = b.cmpf("ogt", magnitude, tan_3pi_8)
    numerator = b.select(is_large, one, numerator)
    denominator = b.select(is_large, magnitude, denominator)
    x = b.div(numerator, denominator)
    xx = b.mul(x, x)
    p = [b.f32(c) for c in (-8.750608600031904122785e-01, -1.615753718733365076637e01,
                            -7.500855792314704667340e01, -1.228866684490136173410e02,
                            -6.485021904942025371773e01)]  # fmt: skip
    q = [b.f32(c) for c in (2.485846490142306297962e01, 1.650270098316988542046e02,
                            4.328810604912902668951e02, 4.853903996359136964868e02,
                            1.945506571482613964425e02)]  # fmt: skip
    n = p[0]
    for c in p[1:]:
        n = b.fma(xx, n, c)
    n = b.mul(n, xx)
    d = q[0]
    for c in q[1:]:
        d = b.fma(xx, d, c)
    theta = b.fma(b.div(n, d), x, x)
    pi_4 = b.f32(pymath.pi / 4)
    answer = b.select(in_middle, b.add(pi_4, theta), theta)
    pi_2 = b.f32(pymath.pi / 2)
    answer = b.select(is_large, b.sub(pi_2, theta), answer)
    rewriter.replace_op(op, [b.copysign(answer, operand)])
    return True


@pattern(math.Atan2Op)
def atan2_approximation(op, rewriter) -> bool:
    """atan(y/x) rotated by pi into the quadrant of (x, y); the axes by comparisons, NaN
    for (0, 0) as MLIR (libm gives +-0 or +-pi there)."""
    y, x = op.operands
    if scalar_or_vector_element(x) != f32:
        return False
    b = ApproximationBuilder.for_operand(rewriter, op, op.results[0])
    atan = b.create(math.AtanOp, b.div(y, x))
    zero = b.f32(0.0)
    pi = b.f32(3.14159265359)
    add_pi = b.add(atan, pi)
    sub_pi = b.sub(atan, pi)
    flipped = b.select(b.cmpf("ogt", atan, zero), sub_pi, add_pi)
    result = b.select(b.cmpf("ogt", x, zero), atan, flipped)
    x_zero = b.cmpf("oeq", x, zero)
    is_half_pi = b.andi(x_zero, b.cmpf("ogt", y, zero))
    result = b.select(is_half_pi, b.f32(1.57079632679), result)
    is_minus_half_pi = b.andi(x_zero, b.cmpf("olt", y, zero))
    result = b.select(is_minus_half_pi, b.f32(-1.57079632679), result)
    is_nan = b.andi(x_zero, b.cmpf("oeq", y, zero))
    result = b.select(is_nan, b.f32_from_bits(0x7FC00000), result)
    rewriter.replace_op(op, [result])
    return True


# --- tanh --------------------------------------------------------------------------------------
@pattern(math.TanhOp)
def tanh_approximation(op, rewriter) -> bool:
    """Eigen's rational approximation on [-7.99, 7.99] (where f32 tanh reaches +-1), with
    tanh(x) = x for |x| < 0.0004."""
    b = _f32_builder(op, rewriter)
    if b is None:
        return False
    operand = op.operands[0]
    minus_clamp = b.f32(-7.99881172180175781)
    plus_clamp = b.f32(7.99881172180175781)
    x = b.clamp(operand, minus_clamp, plus_clamp)
    tiny = b.f32(0.0004)
    tiny_mask = b.cmpf("olt", b.abs(operand), tiny)
    alpha = [b.f32(c) for c in (4.89352455891786e-03, 6.37261928875436e-04,
                                1.48572235717979e-05, 5.12229709037114e-08,
                                -8.60467152213735e-11, 2.00018790482477e-13,
                                -2.76076847742355e-16)]  # fmt: skip
    beta = [b.f32(c) for c in (4.89352518554385e-03, 2.26843463243900e-03,
                               1.18534705686654e-04, 1.19825839466702e-06)]  # fmt: skip
    x2 = b.mul(x, x)
    p = b.fma(x2, alpha[6], alpha[5])
    for c in reversed(alpha[:5]):
        p = b.fma(x2, p, c)
    p = b.mul(x, p)
    q = b.fma(x2, beta[3], beta[2])
    for c in reversed(beta[:2]):
        q = b.fma(x2, q, c)
    rewriter.replace_op(op, [b.select(tiny_mask, x, b.div(p, q))])
    return True


# --- log, log2, log1p --------------------------------------------------------------------------
LOG_COEFFICIENTS = (7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1,
                    1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1,
                    3.3333331174e-1)  # fmt: skip


def _log(base2: bool):
    """Cephes' logf (Julien Pommier's SSE version): frexp, a degree-8 polynomial on
    [sqrt(1/2) - 1, sqrt(2) - 1], then 0, negatives and +inf filtered."""

    def approximate(op, rewriter) -> bool:
        b = _f32_builder(op, rewriter)
        if b is None:
            return False
        operand = op.operands[0]
        zero, one, neg_half = b.f32(0.0), b.f32(1.0), b.f32(-0.5)
        min_norm_pos = b.f32_from_bits(0x00800000)
        minus_inf = b.f32_from_bits(0xFF800000)
        plus_inf = b.f32_from_bits(0x7F800000)
        nan = b.f32_from_bits(0x7FC00000)
        sqrt_half = b.f32(0.707106781186547524)
        p = [b.f32(c) for c in LOG_COEFFICIENTS]
        x = b.max(operand, min_norm_pos)  # denormals and non-positives: the least normal
        x, e = b.frexp(x, is_positive=True)
        # Move x from [0.5, 1) to [sqrt(1/2), sqrt(2)) - 1, centred on 0.
        mask = b.cmpf("olt", x, sqrt_half)
        tmp = b.select(mask, x, zero)
        x = b.sub(x, one)
        e = b.sub(e, b.select(mask, one, zero))
        x = b.add(x, tmp)
        x2 = b.mul(x, x)
        x3 = b.mul(x2, x)
        y0 = b.fma(p[0], x, p[1])
        y1 = b.fma(p[3], x, p[4])
        y2 = b.fma(p[6], x, p[7])
        y0 = b.fma(y0, x, p[2])
        y1 = b.fma(y1, x, p[5])
        y2 = b.fma(y2, x, p[8])
        y0 = b.fma(y0, x3, y1)
        y0 = b.fma(y0, x3, y2)
        y0 = b.mul(y0, x3)
        y0 = b.fma(neg_half, x2, y0)
        x = b.add(x, y0)
        if base2:
            x = b.fma(x, b.f32(LOG2E), e)
        else:
            x = b.fma(e, b.f32(LN2), x)
        invalid = b.cmpf("ult", operand, zero)
        is_zero = b.cmpf("oeq", operand, zero)
        is_plus_inf = b.cmpf("oeq", operand, plus_inf)
        result = b.select(
            is_zero, minus_inf, b.select(invalid, nan, b.select(is_plus_inf, plus_inf, x))
        )
        rewriter.replace_op(op, [result])
        return True

    approximate.__name__ = "log2_approximation" if base2 else "log_approximation"
    return approximate


@pattern(math.Log1pOp)
def log1p_approximation(op, rewriter) -> bool:
    """W. Kahan's log1p: u = 1 + x; x when u is 1 or inf, else x * log(u) / (u - 1), which
    cancels the rounding error of u. The `math.log` it makes is approximated in turn."""
    b = _f32_builder(op, rewriter)
    if b is None:
        return False
    x = op.operands[0]
    one = b.f32(1.0)
    u = b.add(x, one)
    u_small = b.cmpf("oeq", u, one)
    log_u = b.create(math.LogOp, u)
    u_inf = b.cmpf("oeq", u, log_u)
    log_large = b.mul(x, b.div(log_u, b.sub(u, one)))
    rewriter.replace_op(op, [b.select(b.ori(u_small, u_inf), x, log_large)])
    return True


# --- erf ---------------------------------------------------------------------------------------
# Per interval [0, 0.8), [0.8, 2), [2, 3.75): P and Q of degree 4 and an offset, erf being
# offset + P(x)/Q(x); 1 from 3.75 on. Boost's minimax coefficients, error about 2.5e-7.
ERF_P = (
    (0.0, 1.12837916222975858e00, -5.23018562988006470e-01, 2.09741709609267072e-01,
     2.58146801602987875e-02),
    (0.0, 1.12750687816789140e00, -3.64721408487825775e-01, 1.18407396425136952e-01,
     3.70645533056476558e-02),
    (-3.30093071049483172e-03, 3.51961938357697011e-03, -1.41373622814988039e-03,
     2.53447094961941348e-04, -1.71048029455037401e-05),
)  # fmt: skip
ERF_Q = (
    (1.0, -4.635138185962547255e-01, 5.192301327279782447e-01, -1.318089722204810087e-01,
     7.397964654672315005e-02),
    (1.0, -3.27607011824493086e-01, 4.48369090658821977e-01, -8.83462621207857930e-02,
     5.72442770283176093e-02),
    (1.0, -2.06069165953913769e00, 1.62705939945477759e00, -5.83389859211130017e-01,
     8.21908939856640930e-02),
)  # fmt: skip
ERF_OFFSETS = (0.0, 0.0, 1.0)
ERF_BOUNDS = (0.8, 2.0, 3.75)


@pattern(math.ErfOp)
def erf_approximation(op, rewriter) -> bool:
    """erf(|x|) = offset + P(|x|)/Q(|x|) on three intervals picked by selects, 1 beyond,
    the sign restored: erf is odd."""
    b = _f32_builder(op, rewriter)
    if b is None:
        return False
    operand = op.operands[0]
    zero, one = b.f32(0.0), b.f32(1.0)
    pp = [[b.f32(c) for c in row] for row in ERF_P]
    qq = [[b.f32(c) for c in row] for row in ERF_Q]
    offsets = [b.f32(c) for c in ERF_OFFSETS]
    bounds = [b.f32(c) for c in ERF_BOUNDS]
    is_negative = b.cmpf("olt", operand, zero)
    x = b.select(is_negative, b.neg(operand), operand)
    offset, p, q = offsets[0], list(pp[0]), list(qq[0])
    for j in range(len(bounds) - 1):
        below = b.cmpf("olt", x, bounds[j])
        for i in range(len(p)):
            p[i] = b.select(below, p[i], pp[j + 1][i])
            q[i] = b.select(below, q[i], qq[j + 1][i])
        offset = b.select(below, offset, offsets[j + 1])
    in_range = b.cmpf("ult", x, bounds[-1])
    rational = b.div(b.polynomial(p, x), b.polynomial(q, x))
    formula = b.select(in_range, b.add(offset, rational), one)
    rewriter.replace_op(op, [b.select(is_negative, b.neg(formula), formula)])
    return True


# --- exp, expm1 --------------------------------------------------------------------------------
EXP_COEFFICIENTS = (1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2,
                    1.6666665459e-1, 5.0000001201e-1)  # fmt: skip


@pattern(math.ExpOp)
def exp_approximation(op, rewriter) -> bool:
    """Cephes' expf: e^x = e^a * 2^n with n = round(x / ln 2) clamped to [-127, 127] and a
    polynomial for e^a; x is clamped to [-87.8, 88.8] first. Results below 2^-126 (the
    least normal) are flushed to 0, as MLIR does."""
    b = _f32_builder(op, rewriter)
    if b is None:
        return False
    half, one = b.f32(0.5), b.f32(1.0)
    log2e = b.f32(1.44269504088896341)
    c1, c2 = b.f32(-0.693359375), b.f32(2.12194440e-4)
    p = [b.f32(c) for c in EXP_COEFFICIENTS]
    x = b.clamp_with_normals(op.operands[0], -87.8, 88.8)
    n = b.floor(b.fma(x, log2e, half))
    n = b.clamp_with_normals(n, -127.0, 127.0)
    # a = x - n ln 2, with ln 2 in two parts (Cody and Waite).
    x = b.fma(c1, n, x)
    x = b.fma(c2, n, x)
    z = b.fma(x, p[0], p[1])
    for c in p[2:]:
        z = b.fma(z, x, c)
    z = b.fma(z, b.mul(x, x), x)
    z = b.add(one, z)
    power = b.exp2_i32(b.convert(arith.FPToSIOp, n, i32))
    rewriter.replace_op(op, [b.mul(z, power)])
    return True


@pattern(math.ExpM1Op)
def expm1_approximation(op, rewriter) -> bool:
    """u = exp(x); x when u is 1 (or NaN), -1 when u - 1 is, u when u is inf, else
    (u - 1) * x / log(u), which cancels the rounding error of u. The `math.exp` and
    `math.log` it makes are approximated in turn."""
    b = _f32_builder(op, rewriter)
    if b is None:
        return False
    x = op.operands[0]
    one, minus_one = b.f32(1.0), b.f32(-1.0)
    u = b.create(math.ExpOp, x)
    u_is_one_or_nan = b.cmpf("ueq", u, one)
    u_minus_one = b.sub(u, one)
    u_minus_one_is_minus_one = b.cmpf("oeq", u_minus_one, minus_one)
    log_u = b.create(math.LogOp, u)
    is_inf = b.cmpf("oeq", log_u, u)
    expm1 = b.mul(u_minus_one, b.div(x, log_u))
    expm1 = b.select(is_inf, u, expm1)
    result = b.select(u_is_one_or_nan, x, b.select(u_minus_one_is_minus_one, minus_one, expm1))
    rewriter.replace_op(op, [result])
    return True


# --- sin, cos ----------------------------------------------------------------------------------
SIN_COEFFICIENTS = (-0.16666667163372039794921875, 8.333347737789154052734375e-3,
                    -1.9842604524455964565277099609375e-4,
                    2.760012648650445044040679931640625e-6,
                    -2.50293279435709337121807038784027099609375e-8)  # fmt: skip
COS_COEFFICIENTS = (-0.5, 4.166664183139801025390625e-2,
                    -1.388833043165504932403564453125e-3,
                    2.47562347794882953166961669921875e-5,
                    -2.59630184018533327616751194000244140625e-7)  # fmt: skip
TWO_OVER_PI = 0.6366197723675813430755350534900574481378385829618257949906693762
PI_OVER_2 = 1.5707963267948966192313216916397514420985846996875529104874722961


def _sin_and_cos(is_sine: bool):
    """y = x - k pi/2 with k = floor(x * 2/pi); sin(x) is sin(y), cos(y), -sin(y) or
    -cos(y) by k mod 4, each a polynomial on [0, pi/2]. The reduction is one product in
    f32, so the error grows with |x|: MLIR tests it on a few periods around 0."""

    def approximate(op, rewriter) -> bool:
        b = _f32_builder(op, rewriter)
        if b is None:
            return False
        x = op.operands[0]
        two_over_pi = b.f32(TWO_OVER_PI)
        pi_over_2 = b.f32(PI_OVER_2)
        k = b.floor(b.mul(x, two_over_pi))
        y = b.sub(x, b.mul(k, pi_over_2))
        one, minus_one = b.f32(1.0), b.f32(-1.0)
        sin_c = [b.f32(c) for c in SIN_COEFFICIENTS]
        cos_c = [b.f32(c) for c in COS_COEFFICIENTS]
        k_mod_4 = b.andi(b.convert(arith.FPToSIOp, k, i32), b.i32(3))
        k_r = [b.cmpi("eq", k_mod_4, b.i32(r)) for r in range(4)]
        if is_sine:
            use_cos = b.ori(k_r[1], k_r[3])
            negative = b.cmpi("sgt", k_mod_4, b.i32(1))
        else:
            use_cos = b.ori(k_r[0], k_r[2])
            negative = b.ori(k_r[1], k_r[2])
        y2 = b.mul(y, y)
        base = b.select(use_cos, one, y)
        c = [b.select(use_cos, cc, sc) for cc, sc in zip(cos_c, sin_c)]
        v = b.fma(y2, c[4], c[3])
        for coefficient in (c[2], c[1], c[0], one):
            v = b.fma(y2, v, coefficient)
        v = b.mul(base, v)
        rewriter.replace_op(op, [b.select(negative, b.mul(minus_one, v), v)])
        return True

    approximate.__name__ = "sin_approximation" if is_sine else "cos_approximation"
    return approximate


# --- cbrt --------------------------------------------------------------------------------------
@pattern(math.CbrtOp)
def cbrt_approximation(op, rewriter) -> bool:
    """Hacker's Delight: a first guess from the bits of |x| (about a third of its exponent
    plus a magic number), two Newton steps, zero kept, the sign copied back."""
    b = _f32_builder(op, rewriter)
    if b is None:
        return False
    operand = op.operands[0]
    int_two, int_four, int_eight = b.i32(2), b.i32(4), b.i32(8)
    int_magic = b.i32(0x2A5137A0)
    fp_third, fp_two, fp_zero = b.f32(0.33333333), b.f32(2.0), b.f32(0.0)
    magnitude = b.abs(operand)
    bits = b.bitcast(magnitude, i32)
    # ix = ix/4 + ix/16; ix = ix + ix/16; ix = ix + ix/256; ix = magic + ix.
    bits = b.create(
        arith.AddIOp,
        b.create(arith.ShRSIOp, bits, int_two),
        b.create(arith.ShRSIOp, bits, int_four),
    )
    bits = b.create(arith.AddIOp, bits, b.create(arith.ShRSIOp, bits, int_four))
    bits = b.create(arith.AddIOp, bits, b.create(arith.ShRSIOp, bits, int_eight))
    bits = b.create(arith.AddIOp, bits, int_magic)
    guess = b.bitcast(bits, f32)
    for _ in range(2):  # x = (2x + |x0| / x^2) / 3
        squared = b.mul(guess, guess)
        twice = b.mul(guess, fp_two)
        guess = b.mul(b.add(twice, b.div(magnitude, squared)), fp_third)
    is_zero = b.cmpf("oeq", magnitude, fp_zero)
    guess = b.select(is_zero, fp_zero, guess)
    rewriter.replace_op(op, [b.copysign(guess, operand)])
    return True


# --- asin, acos (f32 and f16) ------------------------------------------------------------------
ASIN_R = (5.5579749017470502e-2, 5.4224464349245036e-2, 1.5268872539397656e-2,
          1.4106045900607047e-2, 2.2372961589651054e-2, 4.4642857881094775e-2)  # fmt: skip
ASIN_T = (-6.2027913464120114e-2, -1.1326992890324464e-2, 1.0493798473372081e-2,
          1.7339776384962050e-2, 3.0381912707941005e-2, 7.4999999991367292e-2)  # fmt: skip


def _asin_acos_builder(op, rewriter):
    """A builder and the element type for asin/acos, which take f32 and f16."""
    operand = op.operands[0]
    element = scalar_or_vector_element(operand)
    if element not in (f32, f16):
        return None, None
    return ApproximationBuilder.for_operand(rewriter, op, operand), element


@pattern(math.AsinOp)
def asin_approximation(op, rewriter) -> bool:
    """An odd polynomial in two interleaved halves, accurate on [-9/16, 9/16] only (MLIR 19
    has no range reduction here; `acos` keeps within that range)
    (https://stackoverflow.com/a/42683455)."""
    b, element = _asin_acos_builder(op, rewriter)
    if b is None:
        return False
    x = op.operands[0]
    s = b.mul(x, x)
    q = b.mul(s, s)
    r = b.float(ASIN_R[0], element)
    t = b.float(ASIN_T[0], element)
    for r_c, t_c in zip(ASIN_R[1:], ASIN_T[1:]):
        r = b.fma(r, q, b.float(r_c, element))
        t = b.fma(t, q, b.float(t_c, element))
    r = b.fma(r, s, t)
    r = b.fma(r, s, b.float(1.6666666666670193e-1, element))
    rewriter.replace_op(op, [b.fma(r, b.mul(x, s), x)])
    return True


@pattern(math.AcosOp)
def acos_approximation(op, rewriter) -> bool:
    """acos from asin (which is approximated in turn): of -|x| near 0, of sqrt((1-|x|)/2)
    beyond 9/16, reflected for negative x (https://stackoverflow.com/a/42683455)."""
    b, element = _asin_acos_builder(op, rewriter)
    if b is None:
        return False
    operand = op.operands[0]
    negated = b.neg(operand)
    zero = b.float(0.0, element)
    half = b.float(0.5, element)
    minus_one = b.float(-1.0, element)
    r = b.select(b.cmpf("ogt", operand, zero), negated, operand)
    near_zero = b.cmpf("ogt", r, b.float(-0.5625, element))
    true_value = b.fma(
        b.float(9.3282184640716537e-1, element),
        b.float(1.6839188885261840e0, element),
        b.create(math.AsinOp, r),
    )
    false_value = b.create(math.AsinOp, b.sqrt(b.fma(half, r, half)))
    false_value = b.mul(false_value, b.float(2.0, element))
    r = b.select(near_zero, true_value, false_value)
    # Operands in [-1, 0).
    is_negative = b.andi(b.cmpf("oge", operand, minus_one), b.cmpf("olt", operand, zero))
    reflected = b.fma(
        b.float(1.8656436928143307e0, element),
        b.float(1.6839188885261840e0, element),
        b.neg(r),
    )
    rewriter.replace_op(op, [b.select(is_negative, reflected, r)])
    return True


# --- the pattern set ---------------------------------------------------------------------------
F32_EXPANDED = (
    math.AtanOp, math.Atan2Op, math.TanhOp, math.LogOp, math.Log2Op, math.Log1pOp,
    math.ErfOp, math.ExpOp, math.ExpM1Op, math.CbrtOp, math.SinOp, math.CosOp,
)  # fmt: skip


def polynomial_approximation_patterns() -> list[RewritePattern]:
    """The patterns of MLIR 19's `populateMathPolynomialApproximationPatterns` without AVX2:
    the f32 widenings first, so that they win for f16/bf16 ops, then the approximations."""
    widenings = [ReuseF32Expansion(op_class) for op_class in F32_EXPANDED]
    approximations = [
        atan_approximation,
        atan2_approximation,
        tanh_approximation,
        pattern(math.LogOp)(_log(base2=False)),
        pattern(math.Log2Op)(_log(base2=True)),
        log1p_approximation,
        erf_approximation,
        asin_approximation,
        acos_approximation,
        exp_approximation,
        expm1_approximation,
        cbrt_approximation,
        pattern(math.SinOp)(_sin_and_cos(is_sine=True)),
        pattern(math.CosOp)(_sin_and_cos(is_sine=False)),
    ]
    return widenings + approximations
