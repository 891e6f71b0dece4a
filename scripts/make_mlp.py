#!/usr/bin/env python3
"""Write a generated MLP graph (with its squared-error loss) to a gradgui file.

Examples:
    scripts/make_mlp.py --inputs 2 --hidden 3 3 --activation tanh --samples 4 -o mlp.json
    scripts/make_mlp.py --nodes 10000 -o big.json

Hidden layers use the activation; the last layer is linear, as a
regression loss wants. See gradgui/document/generate.py for the labels.
"""

import argparse
import sys
from pathlib import Path
from typing import List, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gradgui.document import DocumentError  # noqa: E402
from gradgui.document.fileformat import save  # noqa: E402
from gradgui.document.generate import (ACTIVATIONS, chain_document, describe,  # noqa: E402
                                       mlp_document, mlp_for_size)


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    """The command line, checked."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=2, help="inputs per sample (default 2)")
    parser.add_argument("--hidden", type=int, nargs="*", default=[3],
                        help="hidden layer sizes (default: 3; none for a linear model)")
    parser.add_argument("--outputs", type=int, default=1, help="outputs (default 1)")
    parser.add_argument("--activation", choices=ACTIVATIONS, default="tanh",
                        help="activation of the hidden layers (default tanh)")
    parser.add_argument("--samples", type=int, default=1, help="samples in the loss (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the weights and data")
    parser.add_argument("--nodes", type=int, default=None,
                        help="pick the shape and samples to get about this many nodes")
    parser.add_argument("--chain", type=int, default=None, metavar="N",
                        help="a chain of N nodes instead of an MLP")
    parser.add_argument("-o", "--output", required=True, help="the graph file to write")
    return parser.parse_args(argv)


def build(args: argparse.Namespace):
    """The document the arguments ask for."""
    if args.chain is not None:
        return chain_document(args.chain)
    if args.nodes is not None:
        return mlp_for_size(args.nodes, activation=args.activation, seed=args.seed)
    return mlp_document(args.inputs, tuple(args.hidden), args.activation, samples=args.samples,
                        seed=args.seed, n_outputs=args.outputs)


def main(argv: Optional[List[str]] = None) -> int:
    """Build the graph, save it, say how big it is; 2 with one line on stderr on failure."""
    args = parse_args(argv)
    try:
        doc = build(args)
        save(doc, args.output)
    except (ValueError, DocumentError) as error:
        print(f"make_mlp: {error}", file=sys.stderr)
        return 2
    print(f"{args.output}: {describe(doc)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
