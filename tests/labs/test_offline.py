"""The labs need no network: with every connection refused, they still work."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

SCRIPT = """
import socket

def refuse(*args, **kwargs):
    raise OSError("network use is forbidden in this test")

socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse

from tutor.labs.embeddings import shared_space
from tutor.labs.expression import parse_expression
from tutor.labs.model import load_model
from tutor.labs.tokenizer import tokenize

print(tokenize("tokenization", load_model()).pieces)
print(shared_space().evaluate(parse_expression("king - man + woman = queen")).target_rank)
"""


def test_tokenizer_and_embeddings_run_with_the_network_refused() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, capture_output=True,
                            text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["['token', '##ization']", "1"]
