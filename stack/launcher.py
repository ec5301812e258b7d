"""Bring the stack up, report on it, take it down: what ``make local`` and ``make stop`` run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable

from stack import snapshot
from stack.config import StackConfig
from stack.process import Service


class StackError(RuntimeError):
    """A part of the stack did not come up; the message says which and shows its log."""


def _python(*args: str) -> list[str]:
    return [sys.executable, *args]


def _get(url: str, timeout: float = 2.0) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return resp.status


def _rpc(url: str, method: str, timeout: float = 2.0) -> object:
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": []}).encode()
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read())["result"]


class Stack:
    """The processes of one local stack, described by its configuration."""

    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.folder = config.local_dir.resolve()

    # --- the parts ----------------------------------------------------------------------
    def _aws_env(self) -> dict[str, str]:
        c = self.config
        env = {
            "AWS_REGION": c.region,
            "AWS_DEFAULT_REGION": c.region,
            "S3_BUCKET_NAME": c.bucket,
            "AWS_ENDPOINT_URL": c.s3_endpoint,
        }
        if c.endpoint_url is None:  # moto accepts any credentials
            env |= {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
        return env

    def moto(self) -> Service:
        port = str(self.config.moto_port)
        return Service(
            "moto", _python("-m", "moto.server", "-H", "127.0.0.1", "-p", port), {}, self.folder
        )

    def node(self, i: int) -> Service:
        d = self.folder / "nodes"
        argv = _python(
            "-m", "nodes", "run", "--committee", str(d / "committee.json"),
            "--key", str(d / f"node{i}.key"), "--store", str(d / f"store{i}"),
        )  # fmt: skip
        return Service(f"node{i}", argv, {}, self.folder)

    def lambdas(self) -> Service:
        c = self.config
        argv = _python(
            "-m", "prover_lambda.local", "--endpoint-url", c.s3_endpoint, "--bucket", c.bucket,
            "--region", c.region, "--watch-interval", "2", "--visibility-timeout", "900",
        )  # fmt: skip
        env = self._aws_env() | {
            "PROVER_STORAGE": "s3",
            "NODE_RPC_URLS": ",".join(c.rpc_urls),
            "PROOF_PRESET": c.proof_preset,
        }
        return Service("lambda", argv, env, self.folder)

    def site(self) -> Service:
        argv = _python(
            "-m",
            "verifier_wasm",
            "serve",
            str(self.folder / "site"),
            "--port",
            str(self.config.site_port),
        )
        return Service("site", argv, {}, self.folder)

    def client(self, rate: float | None = None, duration: float | None = None) -> Service:
        c = self.config
        argv = _python(
            "-m", "nodes", "client", "--nodes", ",".join(c.rpc_urls),
            "--rate", f"{c.client_rate if rate is None else rate:g}",
            "--duration", f"{c.client_duration if duration is None else duration:g}",
            "--hashes-out", str(self.folder / "client-hashes.txt"),
            "--max-fib", str(c.client_max_n), "--max-fact", str(min(c.client_max_n, 2000)),
        )  # fmt: skip
        return Service("client", argv, {}, self.folder)

    def services(self) -> list[Service]:
        parts = [] if self.config.endpoint_url else [self.moto()]
        parts += [self.node(i) for i in range(self.config.nodes)]
        return [*parts, self.lambdas(), self.site()]

    # --- operations ---------------------------------------------------------------------
    def running(self) -> list[str]:
        return [s.name for s in [*self.services(), self.client()] if s.pid() is not None]

    def _wait(self, service: Service, ready: Callable[[], bool], what: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if service.pid() is None:
                raise StackError(
                    f"{service.name} exited while starting; its log:\n{service.log_tail()}"
                )
            try:
                if ready():
                    return
            except (OSError, urllib.error.URLError, ValueError, KeyError):
                pass
            time.sleep(0.3)
        raise StackError(
            f"{service.name}: {what} not ready after {timeout:.0f} s; its log:\n{service.log_tail()}"
        )

    def _publish_site(self) -> None:
        c = self.config
        # Rebuilt on every start (a fraction of a second): a stale bundle would carry an old
        # block program hash, and every block would fail verification.
        built = subprocess.run(
            _python("-m", "verifier_wasm", "build"), capture_output=True, text=True, check=False
        )
        if built.returncode != 0:
            raise StackError(f"building the verifier bundle failed:\n{built.stdout}{built.stderr}")
        env = {
            "EXPLORER_DATA_URL": f"{c.s3_endpoint.rstrip('/')}/{c.bucket}/",
            "EXPLORER_RPC_URL": c.rpc_urls[0],
        }
        done = subprocess.run(
            _python("-m", "verifier_wasm", "publish", "--folder", str(self.folder / "site")),
            env={**os.environ, **env},
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise StackError(f"publishing the explorer failed:\n{done.stdout}{done.stderr}")

    def up(self, out: Callable[[str], None] = print) -> None:
        """Start the stack, wait until each part is healthy, print the URLs.

        A stack that is already up is left alone; a partly running one (a part crashed) is
        stopped and started again; a part that fails to start stops everything started.
        """
        services = self.services()
        running = [s.name for s in services if s.pid() is not None]
        if running and len(running) == len(services):
            out(f"The stack is already running ({', '.join(running)}); nothing started.")
            self.report(out)
            return
        if running:
            out(f"Only part of the stack is running ({', '.join(running)}): restarting it.")
            self.down(out)
        try:
            self._start(out)
        except BaseException:
            self.down(lambda _line: None)
            raise

    def _start(self, out: Callable[[str], None]) -> None:
        c = self.config
        self.folder.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        if c.endpoint_url is None:
            moto = self.moto()
            moto.start()
            self._wait(moto, lambda: _get(f"{c.s3_endpoint}/moto-api/") == 200, "S3 endpoint", 60)
            restored = snapshot.restore(c, self.folder / "bucket")
            kept = f" ({restored} objects kept from the last run)" if restored else ""
            out(f"moto's server (S3, SQS)   {c.s3_endpoint}{kept}")
        nodes_dir = self.folder / "nodes"
        if not (nodes_dir / "committee.json").exists():
            from nodes.keys import generate

            generate(
                nodes=c.nodes,
                out=nodes_dir,
                base_port=c.peer_port,
                rpc_base_port=c.rpc_port,
                empty_block_interval_ms=c.empty_block_ms,
            )
        nodes = [self.node(i) for i in range(c.nodes)]
        for node in nodes:
            node.start()
        for node, url in zip(nodes, c.rpc_urls, strict=True):
            self._wait(
                node,
                lambda url=url: isinstance(_rpc(url, "starknet_blockNumber"), int),
                "JSON-RPC",
                90,
            )
        out(f"{c.nodes} sequencer nodes         {', '.join(c.rpc_urls)}")
        lambdas = self.lambdas()
        lambdas.start()
        self._wait(
            lambdas,
            lambda: _get(f"{c.s3_endpoint}/{c.bucket}/index.json") == 200,
            "bucket and index",
            120,
        )
        insecure = " (INSECURE: for demos only)" if c.proof_preset == "fast" else ""
        out(f"local Lambda runtime      bucket {c.bucket}, proof preset {c.proof_preset}{insecure}")
        self._publish_site()
        site = self.site()
        site.start()
        self._wait(site, lambda: _get(c.explorer_url) == 200, "explorer", 30)
        out(f"explorer                  {c.explorer_url}")
        self.client().start()
        out(f"client                    {c.client_rate:g} tx/s for {c.client_duration:g} s")
        out(f"\nUp in {time.monotonic() - started:.1f} s.")
        self.report(out)

    def report(self, out: Callable[[str], None] = print) -> None:
        c = self.config
        out(f"\n  Explorer:  {c.explorer_url}")
        out(
            f"  RPC:       {c.rpc_urls[0]}  (and {', '.join(u.rsplit(':', 1)[1] for u in c.rpc_urls[1:])})"
        )
        out(f"  S3:        {c.s3_endpoint}/{c.bucket}/")
        out(f"  Logs:      {self.folder / 'logs'}/")
        out("  More load: make client    Stop: make stop    Remove data: make clean-local")

    def down(self, out: Callable[[str], None] = print) -> None:
        """Stop exactly the processes this stack started; keep the data (the bucket too)."""
        moto = self.moto()
        stopped = []
        if self.config.endpoint_url is None and moto.pid() is not None:
            for early in (
                self.client(),
                self.lambdas(),
            ):  # nothing writes while the bucket is saved
                if early.stop():
                    stopped.append(early.name)
            try:
                saved = snapshot.save(self.config, self.folder / "bucket")
                out(f"Saved {saved} objects of the bucket in {self.folder / 'bucket'}.")
            except Exception as exc:  # the stack stops regardless
                out(f"Could not save the bucket ({exc}); stopping anyway.")
        stopped += [s.name for s in reversed([*self.services(), self.client()]) if s.stop()]
        out(f"Stopped: {', '.join(stopped)}." if stopped else "Nothing was running.")

    def clean(self, out: Callable[[str], None] = print) -> None:
        """Stop the stack and remove its data, logs and keys."""
        self.down(out)
        if self.folder.exists():
            shutil.rmtree(self.folder)
            out(f"Removed {self.folder}.")

    def more_load(self, out: Callable[[str], None] = print) -> None:
        """Send another burst of transactions to the running stack (in the foreground)."""
        if not any(self.node(i).pid() for i in range(self.config.nodes)):
            raise StackError("the stack is not running: start it with `make local`")
        svc = self.client()
        done = subprocess.run(svc.argv, check=False)
        if done.returncode != 0:
            raise StackError(f"the client failed (exit {done.returncode})")
