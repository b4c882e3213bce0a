"""Field side of sync by file (issue 5): "Kirim hasil" (export a signed bundle, e.g. to a
USB stick), importing the office's receipt and assignment packs, and this laptop's identity
(device id and public key for enrolment at the office)."""
