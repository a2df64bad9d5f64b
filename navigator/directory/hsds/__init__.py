"""Open Referral HSDS readers: 3.0 JSON, 3.0 CSV and 1.1 CSV packages into the directory model."""
