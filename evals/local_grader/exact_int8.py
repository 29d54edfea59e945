"""Make the int8 judge give the same numbers on every x86 CPU.

    python evals/local_grader/exact_int8.py tutor/grading/local/data/judge.onnx

`quantize_dynamic` gives MatMulInteger nodes with uint8 activations and int8 weights. On a
CPU with AVX-512 VNNI, onnxruntime sums u8 x s8 products exactly in int32; on one with only
AVX2 it uses VPMADDUBSW, which adds two products in int16 and saturates past 32767
(onnxruntime's quantisation docs name this). The same answer then scored 0.56 on one machine
and 0.57 on another, and 13 of 300 SemEval pairs were read differently.

The fix keeps every weight and every result: each int8 weight w is stored as the uint8
w + 128 with a zero point of 128, so (w + 128) - 128 = w. onnxruntime's u8 x u8 kernels widen
both operands to 16 bits before multiplying, and sum exactly on any CPU; the products equal
what a VNNI CPU computed before. Same file size, one product per weight as before (on an
AVX2 machine about 12 % slower than the saturating kernel; splitting each weight into two
halves that cannot saturate, tried first, was 60 % slower).

Idempotent: a graph already rewritten is left alone. Needs the `onnx` package (`.[train]`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

MARK = "exact_int8"


def rewrite(source: Path, target: Path) -> int:
    """Store every int8 MatMulInteger weight as uint8 with zero point 128; return how many."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(source))
    if any(p.key == MARK for p in model.metadata_props):
        onnx.save(model, str(target))
        return 0
    inits = {i.name: i for i in model.graph.initializer}
    done: set[str] = set()
    for node in model.graph.node:
        if node.op_type != "MatMulInteger" or len(node.input) < 4:
            continue
        weight, zero = inits.get(node.input[1]), inits.get(node.input[3])
        if weight is None or zero is None or weight.data_type != TensorProto.INT8:
            continue
        if weight.name in done:
            continue
        for tensor in (weight, zero):
            if tensor.data_type != TensorProto.INT8:  # a zero point shared, already shifted
                continue
            shifted = numpy_helper.to_array(tensor).astype(np.int16) + 128
            tensor.CopyFrom(numpy_helper.from_array(shifted.astype(np.uint8), tensor.name))
        done.add(weight.name)
    helper.set_model_props(model, {**{p.key: p.value for p in model.metadata_props},
                                   MARK: "int8 weights stored as uint8 with zero point 128"})
    onnx.checker.check_model(model)
    onnx.save(model, str(target))
    return len(done)


def main() -> None:
    """Rewrite a judge in place (or to --out)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    count = rewrite(args.model, args.out or args.model)
    print(f"{count} MatMulInteger weights stored as uint8", file=sys.stderr)


if __name__ == "__main__":
    main()
