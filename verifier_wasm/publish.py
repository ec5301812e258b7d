"""Put the explorer where browsers read it: a folder, or an S3 bucket beside the chain's data.

A bucket serves the site itself (moto's server and S3 serve ``text/html`` objects as pages), so
the pages, ``blocks/``, ``proofs/`` and ``index.json`` share one origin and the default
``data_url`` of ``./`` works. Browsers read the bucket anonymously, so :func:`make_public` adds a
public-read policy (``s3:GetObject`` for everyone) and a CORS rule for GET and HEAD.

The S3 client is passed in (a boto3 client or anything with ``put_object``,
``put_bucket_policy`` and ``put_bucket_cors``): this module imports no AWS library.
"""

from __future__ import annotations

import json
import mimetypes
import shutil
from pathlib import Path
from typing import Any

from verifier_wasm.bundle import BUNDLE_DIR, SITE_DIR
from verifier_wasm.config import SiteConfig
from verifier_wasm.errors import PublishError

#: Content types the browser insists on (module scripts, WebAssembly) or that guessing misses.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}
#: The site's own files and folders (``config.json`` is written from the configuration).
SITE_ENTRIES = ("index.html", "favicon.svg", "css", "js", "build")


def content_type(name: str) -> str:
    """The Content-Type to serve ``name`` with."""
    suffix = Path(name).suffix.lower()
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def site_files(site_dir: Path = SITE_DIR) -> list[tuple[str, Path]]:
    """The site's files as (path relative to the site, file), sorted.

    Raises:
        PublishError: the verifier bundle has not been built (``python -m verifier_wasm build``).
    """
    bundle = site_dir / BUNDLE_DIR.relative_to(SITE_DIR)
    if not (bundle / "manifest.json").is_file():
        raise PublishError(f"no verifier bundle in {bundle}: run `python -m verifier_wasm build`")
    files = []
    for entry in SITE_ENTRIES:
        path = site_dir / entry
        if path.is_file():
            files.append((entry, path))
        elif path.is_dir():
            files.extend(
                (p.relative_to(site_dir).as_posix(), p) for p in path.rglob("*") if p.is_file()
            )
    return sorted(files)


def publish_folder(dest: Path, config: SiteConfig, site_dir: Path = SITE_DIR) -> list[str]:
    """Copy the site into ``dest`` with a ``config.json`` from ``config``; return the paths."""
    written = []
    for rel, src in site_files(site_dir):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
        written.append(rel)
    (dest / "config.json").write_text(config.to_json() + "\n")
    return [*written, "config.json"]


def make_public(client: Any, bucket: str) -> None:
    """Let anonymous browsers read ``bucket`` (public-read policy and a CORS rule)."""
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ExplorerPublicRead",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }
        ],
    }
    cors = {
        "CORSRules": [
            {
                "AllowedOrigins": ["*"],
                "AllowedMethods": ["GET", "HEAD"],
                "AllowedHeaders": ["*"],
                "MaxAgeSeconds": 300,
            }
        ]
    }
    try:
        client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
        client.put_bucket_cors(Bucket=bucket, CORSConfiguration=cors)
    except Exception as exc:  # botocore's errors, translated at the boundary
        raise PublishError(f"cannot make bucket {bucket} public: {exc}") from exc


def publish_bucket(
    client: Any, bucket: str, config: SiteConfig, site_dir: Path = SITE_DIR, prefix: str = ""
) -> list[str]:
    """Upload the site to ``bucket`` (under ``prefix``), make it public; return the keys."""
    keys = []
    uploads = [(rel, src.read_bytes()) for rel, src in site_files(site_dir)]
    uploads.append(("config.json", (config.to_json() + "\n").encode()))
    try:
        for rel, body in uploads:
            key = f"{prefix}{rel}"
            client.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type(rel))
            keys.append(key)
    except Exception as exc:  # botocore's errors, translated at the boundary
        raise PublishError(f"cannot upload the site to bucket {bucket}: {exc}") from exc
    make_public(client, bucket)
    return keys
