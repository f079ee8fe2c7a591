"""Fuzz the signals parsers for a set number of runs: ``python fuzz/run.py [--runs N]``.

With atheris installed, each target runs in its own process under libFuzzer
(coverage-guided, seeded from ``fuzz/seeds.py``; a crash is saved under
``fuzz/artifacts/``).  Without atheris, it says so and falls back to a random
input loop (seeds mutated with ``fuzz/seeds.py``'s tokens, not coverage-guided)
so that CI still exercises every parser.  Exits 1 on any finding.

Examples::

    python fuzz/run.py --runs 2000                 # every target, 2000 inputs each
    python fuzz/run.py --target parse_link --runs 100000
    python fuzz/run.py --fallback --runs 500       # the loop used without atheris
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from seeds import SEEDS, TOKENS, read_signals_seeds  # noqa: E402 - after the path is set
from targets import TARGETS  # noqa: E402 - after the path is set

ARTIFACTS = HERE / "artifacts"


def _seeds(target: str) -> list[bytes]:
    if target == "read_signals":
        return read_signals_seeds()
    return [seed.encode("latin-1", "replace") for seed in SEEDS[target]]


def _run_atheris(target: str, runs: int, max_len: int, timeout: int) -> bool:
    ARTIFACTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as corpus:
        for index, seed in enumerate(_seeds(target)):
            (Path(corpus) / f"seed-{index}").write_bytes(seed)
        command = [
            sys.executable,
            str(HERE / "harness.py"),
            target,
            f"-runs={runs}",
            f"-max_len={max_len}",
            f"-timeout={timeout}",
            f"-rss_limit_mb={2048}",
            f"-artifact_prefix={ARTIFACTS}/{target}-",
            "-print_final_stats=1",
            corpus,
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - our own interpreter and script
    if done.returncode != 0:
        print(done.stderr[-4000:])
        return False
    stats = [line for line in done.stderr.splitlines() if line.startswith("stat::number_of")]
    print(f"  {target}: ok ({'; '.join(s.split('::')[1] for s in stats[:1])})")
    return True


def _mutate(rng: random.Random, pool: list[bytes], max_len: int) -> bytes:
    data = bytearray(rng.choice(pool))
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(5)
        pos = rng.randint(0, len(data))
        if op == 0:
            data[pos:pos] = rng.choice(TOKENS).encode("latin-1", "replace")
        elif op == 1 and data:
            del data[pos : pos + rng.randint(1, 8)]
        elif op == 2:
            data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op == 3:
            data[pos:pos] = rng.choice(TOKENS).encode("latin-1", "replace") * rng.randint(2, 200)
        else:
            data[pos:pos] = rng.choice(pool)
    return bytes(data[:max_len])


def _run_fallback(target: str, runs: int, max_len: int, seed: int) -> bool:
    check = TARGETS[target]
    rng = random.Random(f"{seed}-{target}")  # noqa: S311 - fuzz inputs, not secrets
    pool = _seeds(target)
    start = time.perf_counter()
    for _ in range(runs):
        data = _mutate(rng, pool, max_len)
        try:
            check(data)
        except Exception:
            ARTIFACTS.mkdir(exist_ok=True)
            path = ARTIFACTS / f"{target}-fallback-{abs(hash(data)):x}"
            path.write_bytes(data)
            print(f"  {target}: FINDING on input {data!r} (saved to {path})")
            traceback.print_exc()
            return False
    print(f"  {target}: ok ({runs} random inputs in {time.perf_counter() - start:.1f}s)")
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", action="append", choices=sorted(TARGETS), help="repeatable")
    parser.add_argument("--runs", type=int, default=10_000, help="inputs per target")
    parser.add_argument("--max-len", type=int, default=4096)
    parser.add_argument("--timeout", type=int, default=10, help="seconds per input (atheris)")
    parser.add_argument("--seed", type=int, default=0, help="for the fallback loop")
    parser.add_argument("--fallback", action="store_true", help="do not use atheris")
    args = parser.parse_args()
    targets = args.target or list(TARGETS)
    use_atheris = not args.fallback and importlib.util.find_spec("atheris") is not None
    if use_atheris:
        print(f"atheris: coverage-guided fuzzing, {args.runs} runs per target")
    else:
        why = "--fallback given" if args.fallback else "atheris cannot be imported"
        print(
            f"{why}: FALLING BACK to a random input loop (seeded mutations, NOT "
            f"coverage-guided), {args.runs} inputs per target"
        )
    ok = True
    for target in targets:
        if use_atheris:
            ok = _run_atheris(target, args.runs, args.max_len, args.timeout) and ok
        else:
            ok = _run_fallback(target, args.runs, args.max_len, args.seed) and ok
    print("no findings" if ok else "FINDINGS: see above; add each to tests/fuzz_regressions/")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
