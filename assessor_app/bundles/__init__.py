"""Exchange file formats (docs/formats/): result bundles, receipts, assignment packs.

Pure functions over bytes: pydantic manifest models (``models``), strict JSON
(``strictjson``), Ed25519/X25519 crypto (``crypto``), a deterministic zip writer
(``writer``), the hardened reader (``reader``) and the image checks (``images``).
Nothing here touches the database, Qt or the services; the only exception that
leaves the reader is :class:`~assessor_app.bundles.errors.ImportRejected`.
"""
