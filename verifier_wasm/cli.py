"""``python -m verifier_wasm``: build the verifier bundle, publish the site, serve a folder.

    python -m verifier_wasm build                       # site/build/verifier/
    python -m verifier_wasm publish --folder DIR        # the site + config.json into DIR
    python -m verifier_wasm publish --bucket NAME       # the site into a bucket, made public
    python -m verifier_wasm serve DIR --port 8000       # a static server for DIR

``publish`` writes ``config.json`` from the environment (see :mod:`verifier_wasm.config`); the
bucket is reached with ``AWS_ENDPOINT_URL`` and ``AWS_REGION`` when they are set.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from verifier_wasm.bundle import BUNDLE_DIR, SITE_DIR, build_bundle
from verifier_wasm.config import SiteConfig
from verifier_wasm.errors import VerifierWasmError
from verifier_wasm.publish import publish_bucket, publish_folder
from verifier_wasm.serve import StaticServer


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m verifier_wasm", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser(
        "build", help="build site/build/verifier (Pyodide, worker, wheel, manifest)"
    )
    build.add_argument("--dest", type=Path, default=BUNDLE_DIR, help="where to build the bundle")
    publish = sub.add_parser("publish", help="copy or upload the site with its config.json")
    publish.add_argument("--site", type=Path, default=SITE_DIR, help="the site to publish")
    where = publish.add_mutually_exclusive_group(required=True)
    where.add_argument("--folder", type=Path, help="a folder a static server serves")
    where.add_argument("--bucket", help="an S3 bucket (the chain's own)")
    publish.add_argument("--prefix", default="", help="key prefix inside the bucket")
    serve = sub.add_parser("serve", help="serve a folder over HTTP")
    serve.add_argument("folder", type=Path)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    return parser


def _s3_client():  # boto3's client type is generated: no annotation
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=os.environ.get("AWS_ENDPOINT_URL") or None,
        region_name=os.environ.get("AWS_REGION", "us-east-1"),
    )


def main(argv: list[str] | None = None) -> int:
    """Run one command; print what it did; answer the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            bundle = build_bundle(args.dest)
            print(f"built {bundle.path} (wheel {bundle.wheel}, {len(bundle.modules)} modules,")
            print(f"  pyodide {bundle.pyodide_version}, block program {bundle.program_hash})")
        elif args.command == "publish":
            config = SiteConfig.from_env()
            if args.folder:
                written = publish_folder(args.folder, config, args.site)
                print(f"published {len(written)} files to {args.folder}")
            else:
                keys = publish_bucket(
                    _s3_client(), args.bucket, config, site_dir=args.site, prefix=args.prefix
                )
                print(f"published {len(keys)} objects to s3://{args.bucket}/{args.prefix}")
        else:
            server = StaticServer(args.folder, host=args.host, port=args.port)
            print(f"serving {args.folder} at {server.url}", flush=True)
            server.serve_forever()
    except VerifierWasmError as exc:
        print(f"error: {exc.reason}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0
