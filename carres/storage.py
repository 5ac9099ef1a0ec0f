"""Where uploads and generated PDFs are kept: a private S3-compatible bucket when S3_BUCKET
is set (production, docker-compose's MinIO), the local disk otherwise.

`s3_storage` is the one description of the bucket's use, read by settings.py and by the
tests that run the storage against an S3 server (tests/carres/test_object_storage.py).
Objects are written private and never overwritten (names are unguessable, and a name
taken gets another); users reach them only through the permission-checked download
views, which stream them from the bucket with the portal's credentials. A URL made by
`storage.url()` is presigned (SigV4) and expires after an hour (django-storages'
default querystring_expire).
"""


def s3_storage(*, bucket, endpoint_url=None, access_key=None, secret_key=None, region_name=None):
    """STORAGES["default"] for the S3-compatible `bucket` (django-storages' S3Storage)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url,
            "access_key": access_key,
            "secret_key": secret_key,
            "region_name": region_name,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            # Presigned URLs signed with SigV4 (X-Amz-*): SigV2 is retired by AWS and
            # refused by recent S3-compatible servers.
            "signature_version": "s3v4",
        },
    }
