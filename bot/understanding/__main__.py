"""`python -m bot.understanding train [--corpus FILE] [--out FILE]`: rebuild the shipped model."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.understanding import model as model_module
from bot.understanding.training import train_from


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.understanding")
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser("train", help="Train the classifier on the labelled corpus.")
    train.add_argument("--corpus", type=Path, action="append", help="repeatable; default: shipped corpora")
    train.add_argument("--out", type=Path, default=model_module.MODEL_FILE)
    arguments = parser.parse_args()
    trained = train_from(arguments.corpus or model_module.TRAIN_FILES)
    model_module.save(trained, arguments.out)
    print(f"{arguments.out}: {len(trained.classes)} kinds, corpus sha256 {trained.corpus_sha256[:12]}")


if __name__ == "__main__":
    main()
