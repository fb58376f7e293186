"""`s3://bucket[/prefix]`: S3 and S3-compatible storage (MinIO, Cloudflare R2, Backblaze B2).

boto3 with the standard credential chain (environment, ~/.aws, instance roles);
--endpoint-url points it at another service. Objects are compared by MD5: the ETag of
a single-part upload, which is how this target uploads. Assets go first, pages after
them, deletions last, and deleting more than half of what is there needs --yes.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from wom_site.deploy.plan import DeployError, Plan, check_deletions, compare, upload_order
from wom_site.diagnostics import place
from wom_site.policy import cache_control, content_type

WORKERS = 8


@dataclass(frozen=True)
class S3Target:
    bucket: str
    prefix: str  # "" or "some/folder/"

    @classmethod
    def parse(cls, target: str) -> "S3Target":
        bucket, _, prefix = target.removeprefix("s3://").partition("/")
        if not bucket:
            raise DeployError(f"{place(target)}: expected s3://bucket[/prefix]")
        prefix = prefix.strip("/")
        return cls(bucket, prefix + "/" if prefix else "")


def deploy(files: dict[str, Path], target: str, endpoint_url: str | None, dry_run: bool, yes: bool, report) -> Plan:
    spec = S3Target.parse(target)
    client, errors = _client(endpoint_url)
    where = f"s3://{spec.bucket}/{spec.prefix}" + (f" at {endpoint_url}" if endpoint_url else "")
    try:
        remote = _remote_digests(client, spec)
        local = {path: _md5(file) for path, file in files.items()}
        plan = compare(target, local, remote)
        check_deletions(plan, len(remote), where, "objects", yes, dry_run)
        if dry_run or not plan.changes:
            return plan
        _upload(client, spec, files, plan.upload)
        _delete(client, spec, plan.delete)
        return plan
    except errors as error:
        raise DeployError(_explain(error, where)) from None


def _client(endpoint_url: str | None):
    try:
        import boto3
        import botocore.config
        import botocore.exceptions as exc
    except ImportError:
        raise DeployError("s3://: deploying there needs boto3: pip install 'wom-site[s3]'") from None
    retries = {} if "AWS_MAX_ATTEMPTS" in os.environ else {"retries": {"max_attempts": 3}}  # the env var wins
    config = botocore.config.Config(connect_timeout=10, read_timeout=60, max_pool_connections=WORKERS, **retries)
    client = boto3.session.Session().client("s3", endpoint_url=endpoint_url or None, config=config)
    return client, (exc.BotoCoreError, exc.ClientError)


def _remote_digests(client, spec: S3Target) -> dict[str, str]:
    remote = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=spec.bucket, Prefix=spec.prefix):
        for obj in page.get("Contents", []):
            remote[obj["Key"][len(spec.prefix):]] = obj.get("ETag", "").strip('"')
    return remote


def _md5(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, lambda: hashlib.md5(usedforsecurity=False)).hexdigest()


def _upload(client, spec: S3Target, files: dict[str, Path], paths: tuple[str, ...]) -> None:
    """In parallel, but in two waves: every asset is in place before the first page that uses it."""
    assets = [p for p in paths if upload_order(p)[0] == 0]
    pages = [p for p in paths if upload_order(p)[0] == 1]

    def put(path: str) -> None:
        client.put_object(Bucket=spec.bucket, Key=spec.prefix + path, Body=files[path].read_bytes(),
                          ContentType=content_type(path), CacheControl=cache_control(path))

    with ThreadPoolExecutor(WORKERS) as pool:
        for wave in (assets, pages):
            list(pool.map(put, wave))  # list(): re-raise the first failure before the next wave


def _delete(client, spec: S3Target, paths: tuple[str, ...]) -> None:
    for start in range(0, len(paths), 1000):
        batch = [{"Key": spec.prefix + p} for p in paths[start:start + 1000]]
        result = client.delete_objects(Bucket=spec.bucket, Delete={"Objects": batch, "Quiet": True})
        if result.get("Errors"):
            first = result["Errors"][0]
            raise DeployError(f"{first.get('Key')}: could not be deleted: {first.get('Message') or first.get('Code')}")


def _explain(error: Exception, where: str) -> str:
    """`where: why`, in the form of every problem line."""
    name = type(error).__name__
    if name == "NoCredentialsError":
        return (f"{where}: no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                "or AWS_PROFILE, or configure ~/.aws/credentials")
    if name in ("EndpointConnectionError", "ConnectTimeoutError", "ConnectionClosedError", "ReadTimeoutError"):
        return f"{where}: cannot be reached: {error}"
    code = getattr(error, "response", {}).get("Error", {}).get("Code", "")
    if code == "NoSuchBucket":
        return f"{where}: no bucket named {where.removeprefix('s3://').split('/')[0]!r}: create it first, or check the target"
    if code in ("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "AllAccessDisabled"):
        return f"{where}: access was denied ({code}): check the credentials and the bucket's permissions"
    return f"{where}: deploying failed: {error}"
